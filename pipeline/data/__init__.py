"""Data files of the pipeline (registries of organisations, people and countries).

A package only so that the TOML files beside this module ship with the wheel.
"""
