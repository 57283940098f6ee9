import pytest

from pipeline.credits import Credits, is_credit_block, parse_credit_block, parse_unlabelled_author
from pipeline.record import Person


def credits_of(*lines: str) -> Credits:
    credits = Credits()
    for line in lines:
        assert parse_credit_block(line, credits), line
    return credits.finish()


def test_author_with_role():
    c = credits_of("Author: Oksana Kurbeko, BSMU spokesperson")
    assert c.authors == [Person("Oksana Kurbeko", "BSMU spokesperson")]


def test_author_and_photo_gives_both():
    c = credits_of("Author and photo: Dmitry Zelenkovsky")
    assert c.authors == [Person("Dmitry Zelenkovsky")]
    assert c.photographers == ["Dmitry Zelenkovsky"]


def test_photo_by_the_author_resolves_to_the_author_whatever_the_order():
    c = credits_of("Photo by the author", "Author: Oksana Kurbeko, BSMU spokesperson")
    assert c.photographers == ["Oksana Kurbeko"]


@pytest.mark.parametrize(
    "line, names",
    [
        ("Translation: Nadezhda Kolyago", ["Nadezhda Kolyago"]),
        ("Translation: A.Surname", ["A. Surname"]),
        ("Translated by Nadezhda Kolyago.", ["Nadezhda Kolyago"]),
        ("Translation: Nadezhda Kolyago and Anastasiya Karnacheva", ["Nadezhda Kolyago", "Anastasiya Karnacheva"]),
        ("Translation: Nadezhda Kolyago, Anastasiya Karnacheva;", ["Nadezhda Kolyago", "Anastasiya Karnacheva"]),
        ("Перевод: Надежда Колядко", ["Надежда Колядко"]),
    ],
)
def test_translator_variants(line, names):
    assert credits_of(line).translators == names


@pytest.mark.parametrize(
    "line, names",
    [
        ("Photo: Dmitry Zelenkovsky", ["Dmitry Zelenkovsky"]),
        ("Photo by Dmitry Zelenkovsky;", ["Dmitry Zelenkovsky"]),
        ("Photos by Dmitry Zelenkovsky and Ivan Petrov", ["Dmitry Zelenkovsky", "Ivan Petrov"]),
        ("Фото: Дмитрий Зеленковский", ["Дмитрий Зеленковский"]),
    ],
)
def test_photographer_variants(line, names):
    assert credits_of(line).photographers == names


def test_several_credits_in_one_block():
    c = credits_of("Author: Oksana Kurbeko; Photo: Dmitry Zelenkovsky; Translation: Nadezhda Kolyago.")
    assert c.authors == [Person("Oksana Kurbeko")]
    assert c.photographers == ["Dmitry Zelenkovsky"]
    assert c.translators == ["Nadezhda Kolyago"]


def test_russian_author_line():
    assert credits_of("Автор: Оксана Курбеко").authors == [Person("Оксана Курбеко")]


@pytest.mark.parametrize(
    "text",
    [
        "Photo: participants of the meeting",
        "Author: the press service",
        "The author of the study, Professor Ivanov, presented the results.",
        "Translation of the agreement into Chinese took a month.",
        "Участники встречи",
    ],
)
def test_captions_and_prose_are_not_credits(text):
    assert not is_credit_block(text)


def test_unlabelled_author_line_of_the_real_site():
    assert parse_unlabelled_author("Oksana Kurbeko, BSMU spokesperson;") == Person("Oksana Kurbeko", "BSMU spokesperson")
    assert parse_unlabelled_author("Minsk, the capital of Belarus;") is None
    assert parse_unlabelled_author("Nanjing Medical University, China") is None


def test_a_sentence_opening_with_a_capitalised_phrase_is_not_an_author_line():
    text = "In November, teachers of TSMU will take part in the BSMU winter school on clinical anatomy."
    assert parse_unlabelled_author(text) is None
