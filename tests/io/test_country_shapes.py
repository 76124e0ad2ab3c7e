"""country.toml of the wrong shape (a value where a table or a list of tables belongs, a
milestone region or method of the wrong kind): a CountryError naming the key, never a crash."""

from __future__ import annotations

import pytest

from landrelease.errors import CountryError
from landrelease.io.country import read_country_info


def text_of(write, **kw):
    folder = write.country(**kw)
    return folder, (folder / "country.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("top", "words"),
    [
        ("milestones = false", "milestones = False is not a list of [[milestones]] tables"),
        ("previous_extensions = 5", "previous_extensions = 5 is not a list"),
        ("previous_extensions = [1]", "[previous_extensions #1] must be a table of keys"),
        ("milestones = [[1, 2]]", "[milestones #1] must be a table of keys"),
    ],
)
def test_a_value_where_tables_belong(write, top, words):
    folder, text = text_of(write)
    (folder / "country.toml").write_text(top + "\n" + text, encoding="utf-8")
    with pytest.raises(CountryError) as info:
        read_country_info(folder)
    assert words in str(info.value)


def test_a_section_that_is_a_value(write):
    folder, text = text_of(write)
    files = text[text.index("[files]") :]
    (folder / "country.toml").write_text("country = 5\n" + files, encoding="utf-8")
    with pytest.raises(CountryError, match=r"\[country\] must be a table of keys \(found 5\)"):
        read_country_info(folder)


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ("region = 5", "milestones #1: region = 5 is not a name"),
        ('method = "burnt"', "milestones #1: method = 'burnt'; expected one of cancelled"),
    ],
)
def test_milestone_region_and_method(write, cells, words):
    extra = f"\n[[milestones]]\nyear = 2023\narea_m2 = 5\n{cells}\n"
    with pytest.raises(CountryError) as info:
        read_country_info(write.country(extra=extra))
    assert words in str(info.value)
