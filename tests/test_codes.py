import pytest
from hypothesis import given
from hypothesis import strategies as st

from commandcenter.models.codes import (CodeError, Level, component_code, grid_code, level_of,
                                        parent_code, validate_community_code,
                                        validate_component_code, validate_district_code,
                                        validate_grid_code, validate_street_code)


@pytest.mark.parametrize("validate, code", [
    (validate_district_code, "110101"),
    (validate_street_code, "110101001"),
    (validate_community_code, "110101001001"),
    (validate_grid_code, "110101001001007"),
    (validate_component_code, "3205080101000001"),
])
def test_valid_codes_are_returned_unchanged(validate, code):
    assert validate(code) == code


@pytest.mark.parametrize("validate, code, reason", [
    (validate_district_code, "11010", "has 5 characters, expected 6"),
    (validate_district_code, 110101, "expected a string"),
    (validate_district_code, "11010a", "characters other than digits"),
    (validate_district_code, "110100", "county part 00"),
    (validate_district_code, "000101", "province part 00"),
    (validate_street_code, "1101010010", "has 10 characters, expected 9"),
    (validate_street_code, "110101 01", "characters other than digits"),
    (validate_street_code, "110101000", "street serial 000"),
    (validate_street_code, "110100001", "county part 00"),
    (validate_community_code, "11010100100", "has 11 characters, expected 12"),
    (validate_community_code, "110101001000", "community serial 000"),
    (validate_community_code, "110101000001", "street serial 000"),
    (validate_grid_code, "1101010010010071", "has 16 characters, expected 15"),
    (validate_grid_code, "11010100100100７", "characters other than digits"),  # full-width 7
    (validate_grid_code, "110101001001000", "grid serial 000"),
    (validate_component_code, "320508010100001", "has 15 characters, expected 16"),
    (validate_component_code, "3205080001000001", "major class 00"),
    (validate_component_code, "3205080100000001", "minor class 00"),
    (validate_component_code, "3205080101000000", "serial 000000"),
])
def test_invalid_codes_name_the_code_and_the_reason(validate, code, reason):
    with pytest.raises(CodeError) as err:
        validate(code)
    message = str(err.value)
    assert repr(code) in message
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize("validate, code, parent", [
    (validate_street_code, "110101001", "110102"),
    (validate_community_code, "110101001001", "110101002"),
    (validate_grid_code, "110101001001007", "110101001002"),
    (validate_component_code, "3205080101000001", "110101"),
])
def test_wrong_parent_prefix_is_rejected(validate, code, parent):
    with pytest.raises(CodeError, match=f"does not start with its .* code '{parent}'"):
        validate(code, parent)
    # The same code passes under its real parent.
    assert validate(code, code[:len(parent)]) == code


def test_code_error_is_a_value_error():
    with pytest.raises(ValueError):
        validate_grid_code("x")


def test_grid_code_pads_the_serial():
    assert grid_code("110101001001", 7) == "110101001001007"
    assert grid_code("110101001001", 999) == "110101001001999"


@pytest.mark.parametrize("serial", [0, 1000, -3, True, "7"])
def test_grid_code_rejects_serials_outside_1_to_999(serial):
    with pytest.raises(CodeError):
        grid_code("110101001001", serial)


def test_grid_code_rejects_a_bad_community():
    with pytest.raises(CodeError, match="'110101001'"):
        grid_code("110101001", 1)


def test_component_code_composes_the_16_digits():
    assert component_code("320508", 1, 1, 1) == "3205080101000001"
    assert component_code("110101", "03", "12", 4567) == "1101010312004567"


@pytest.mark.parametrize("major, minor, serial", [(0, 1, 1), (1, 100, 1), (1, 1, 10 ** 6),
                                                  ("3", 1, 1)])
def test_component_code_rejects_out_of_range_parts(major, minor, serial):
    with pytest.raises(CodeError):
        component_code("110101", major, minor, serial)


@pytest.mark.parametrize("code, parent", [
    ("110101001001007", "110101001001"),
    ("110101001001", "110101001"),
    ("110101001", "110101"),
    ("110101", None),
])
def test_parent_code_walks_up_one_level(code, parent):
    assert parent_code(code) == parent


@pytest.mark.parametrize("code, level", [
    ("110101", Level.DISTRICT), ("110101001", Level.STREET),
    ("110101001001", Level.COMMUNITY), ("110101001001007", Level.GRID),
])
def test_level_of(code, level):
    assert level_of(code) == level
    assert level_of(code) == level.value  # usable as a plain string too


@pytest.mark.parametrize("code", ["1101010", "3205080101000001", "", "110101001001000"])
def test_level_of_rejects_other_codes(code):
    with pytest.raises(CodeError):
        level_of(code)


communities = st.tuples(st.integers(11, 65), st.integers(1, 99), st.integers(1, 99),
                        st.integers(1, 999), st.integers(1, 999)).map(
    lambda p: f"{p[0]:02d}{p[1]:02d}{p[2]:02d}{p[3]:03d}{p[4]:03d}")


@given(community=communities, serial=st.integers(1, 999))
def test_composed_grid_codes_validate_and_walk_back_to_their_district(community, serial):
    code = grid_code(community, serial)
    assert validate_grid_code(code, community) == code
    assert level_of(code) is Level.GRID
    assert parent_code(code) == community
    assert parent_code(parent_code(parent_code(code))) == community[:6]
