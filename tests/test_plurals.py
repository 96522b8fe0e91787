from hypothesis import given
from hypothesis import strategies as st

from coach.plurals import counted


def test_one_is_singular_and_every_other_count_is_plural():
    assert counted(1, "attempt") == "1 attempt"
    assert counted(0, "attempt") == "0 attempts"
    assert counted(2, "offer") == "2 offers"
    assert counted(3, "specific detail") == "3 specific details"


def test_an_irregular_plural_is_given():
    assert counted(2, "strength phrase") == "2 strength phrases"
    assert counted(2, "hedge", "hedges") == "2 hedges"
    assert counted(1, "person", "people") == "1 person"
    assert counted(4, "person", "people") == "4 people"


@given(st.integers(min_value=-5, max_value=10**6).filter(lambda n: n != 1))
def test_the_number_is_written_as_given(n):
    assert counted(n, "flag") == f"{n} flags"
