"""People named with their titles, linked across spelling variants."""

from __future__ import annotations

import pytest

from pipeline.entities import find_entities
from pipeline.people import canonical_person, same_person


def people(body: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.title) for p in find_entities("News", None, body).people]


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        (
            "It was attended by Vice-Rector for International Relations, Doctor of Medical Sciences, "
            "Professor Vasili Roudenok.",
            "Vasili Roudenok",
            "Vice-Rector for International Relations, Doctor of Medical Sciences, Professor",
        ),
        (
            "It was attended by Rector of Belarusian State Medical University, Corresponding Member of the "
            "National Academy of Sciences, Doctor of Medical Sciences, Professor Sergey Rubnikovich.",
            "Sergey Rubnikovich",
            "Rector of Belarusian State Medical University, Corresponding Member of the National Academy of "
            "Sciences, Doctor of Medical Sciences, Professor",
        ),
        ("It was signed by the president of Nanjing Medical University, Professor Hu Zhibin.", "Hu Zhibin",
         "president of Nanjing Medical University, Professor"),
        ("We met Director of Eurasia Consulting LLC Wei Chunlei yesterday.", "Wei Chunlei", "Director of Eurasia Consulting LLC"),
        ("The seminar was opened by BSMU Vice-Rector for International Relations Vasili Roudenok.", "Vasili Roudenok",
         "BSMU Vice-Rector for International Relations"),
        ("Head of the International Office of TSMU Nino Beridze told about it.", "Nino Beridze", "Head of the International Office of TSMU"),
        ("Counsellor of the Embassy of India in Belarus Rajesh Kumar noted it.", "Rajesh Kumar", "Counsellor of the Embassy of India in Belarus"),
        ("Vice-President of the Kyrgyz State Medical Academy named after I.K. Akhunbaev Aizhan Toktogulova told us.",
         "Aizhan Toktogulova", "Vice-President of the Kyrgyz State Medical Academy named after I.K. Akhunbaev"),
        ("Deputy Director for Research of the Institute of Tropical Medicine Antwerp Marie Dubois lectured.",
         "Marie Dubois", "Deputy Director for Research of the Institute of Tropical Medicine Antwerp"),
        ("Board member of the “Japan – Republic of Belarus” Society Takashi Yamamoto noted it.", "Takashi Yamamoto",
         "Board member of the “Japan – Republic of Belarus” Society"),
        ("Ambassador Extraordinary and Plenipotentiary of the Republic of Azerbaijan to the Republic of Belarus Leyla "
         "Huseynova visited BSMU.", "Leyla Huseynova",
         "Ambassador Extraordinary and Plenipotentiary of the Republic of Azerbaijan to the Republic of Belarus"),
    ],
)
def test_title_is_the_text_printed_before_the_name(text, name, title):
    assert people(text) == [(name, title)]


def test_several_people_in_one_sentence():
    text = (
        "The guests were received by Vice-Rector for International Relations, Professor Vasili Roudenok and Dean of "
        "the Faculty of International Students, Associate Professor Aliaksandr Zhuk, Head of the Department of "
        "International Relations Natallia Kavaliova."
    )
    assert people(text) == [
        ("Vasili Roudenok", "Vice-Rector for International Relations, Professor"),
        ("Aliaksandr Zhuk", "Dean of the Faculty of International Students, Associate Professor"),
        ("Natallia Kavaliova", "Head of the Department of International Relations"),
    ]


def test_a_dash_ends_the_title():
    text = "Azerbaijan Medical University – Rector, Doctor of Medical Sciences, Professor Gerai Garaybeyli and others."
    assert people(text) == [("Gerai Garaybeyli", "Rector, Doctor of Medical Sciences, Professor")]


def test_names_without_a_title_are_not_people():
    assert people("Jean-Luc Martin noted the contribution. Materials of the Institute of Materia Medica.") == []
    assert people("Students of the Department of Normal Physiology visited Saint Petersburg.") == []


def test_spelling_variants_are_one_person_with_the_registry_spelling():
    text = (
        "Rector of BSMU, Professor Sergei Rubnikovich opened it. – We agree, – said Sergey Rubnikovich. "
        "Vice-Rector Vasily Rudenok and Vice-Rector for International Relations Vasili Roudenok."
    )
    assert people(text) == [
        ("Sergey Rubnikovich", "Rector of BSMU, Professor"),
        ("Vasili Roudenok", "Vice-Rector"),
    ]


def test_anatoly_and_anatol_are_one_rector():
    text = "Rector of BSMU Anatoly Sikorski met the guests. Rector Anatol Sikorski thanked them."
    assert people(text) == [("Anatol Sikorski", "Rector of BSMU")]


def test_unknown_people_keep_their_first_spelling_and_link_variants():
    text = "Professor Natalya Ivanova spoke. Later Professor Natalia Ivanova answered."
    assert people(text) == [("Natalya Ivanova", "Professor")]


def test_variant_helpers():
    assert canonical_person("Sergei Rubnikovich") == "Sergey Rubnikovich"
    assert canonical_person("Anatoly Sikorski") == "Anatol Sikorski"
    assert canonical_person("Vasily Rudenok") == "Vasili Roudenok"
    assert canonical_person("Jane Doe") == "Jane Doe"
    assert same_person("Vasili Roudenok", "Vasiliy Rudenok")
    assert same_person("Anatol Sikorski", "Anatoliy Sikorsky")
    assert not same_person("Olga Belova", "Olga Ivanova")
