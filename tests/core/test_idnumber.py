"""gridapp.core.idnumber: GB 11643-1999 citizen ID numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridapp.core.errors import ValidationError
from gridapp.core.idnumber import (
    check_digit,
    convert_15_to_18,
    is_valid_id,
    make_id,
    mask_id,
    parse_id,
)

# Two numbers from the standard's own examples.
FEMALE_1949 = "11010519491231002X"
MALE_1880 = "440524188001010014"


def with_check(first17: str) -> str:
    return first17 + check_digit(first17)


def refused(number: str, **kwargs: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_id(number, **kwargs)
    return info.value


# -- valid numbers ----------------------------------------------------------------------------------


def test_standard_examples_parse_with_region_birth_and_gender():
    a = parse_id(FEMALE_1949)
    assert (a.number, a.region, a.birth_date, a.gender) == ("11010519491231002X", "110105", dt.date(1949, 12, 31), "2")
    b = parse_id(MALE_1880)
    assert (b.region, b.birth_date, b.gender) == ("440524", dt.date(1880, 1, 1), "1")


@pytest.mark.parametrize(("first17", "expected"), [
    ("11010519491231002", "X"),
    ("44052418800101001", "4"),
    ("11010519800101001", check_digit("11010519800101001")),
])
def test_check_digit(first17, expected):
    assert check_digit(first17) == expected
    assert len(check_digit(first17)) == 1


def test_check_digit_is_mod_11_2_with_weights():
    # computed by hand: sum(digit * weight) % 11 -> "10X98765432"
    first17 = "37030319900307123"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(first17, weights, strict=True))
    assert check_digit(first17) == "10X98765432"[total % 11]


def test_lowercase_x_and_surrounding_spaces_are_accepted_and_normalised():
    info = parse_id("  11010519491231002x ")
    assert info.number == FEMALE_1949
    assert is_valid_id("11010519491231002x")


def test_leap_day_is_a_real_birth_date():
    assert parse_id(with_check("37030320000229001")).birth_date == dt.date(2000, 2, 29)


def test_born_today_is_accepted():
    today = dt.date.today()
    assert parse_id(with_check(f"370303{today:%Y%m%d}001")).birth_date == today


def test_gender_comes_from_the_17th_digit():
    assert parse_id(with_check("37030319900101123")).gender == "1"
    assert parse_id(with_check("37030319900101124")).gender == "2"
    assert parse_id(with_check("37030319900101120")).gender == "2"


# -- refused numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [FEMALE_1949, MALE_1880])
def test_every_wrong_check_digit_is_refused(number):
    for wrong in "0123456789X":
        if wrong == number[-1]:
            continue
        err = refused(number[:17] + wrong)
        assert "校验位" in err.message
        assert err.field == "公民身份号码"


def test_a_single_mistyped_digit_is_always_caught():
    # MOD 11-2 detects every single-digit substitution: the typo a grid worker makes most.
    for pos in range(17):
        for digit in "0123456789":
            if digit == FEMALE_1949[pos]:
                continue
            typo = FEMALE_1949[:pos] + digit + FEMALE_1949[pos + 1:]
            assert not is_valid_id(typo), typo


def test_swapped_neighbouring_digits_are_caught():
    for pos in range(16):
        a, b = MALE_1880[pos], MALE_1880[pos + 1]
        if a == b:
            continue
        swapped = MALE_1880[:pos] + b + a + MALE_1880[pos + 2:]
        assert not is_valid_id(swapped), swapped


@pytest.mark.parametrize("birth", ["19990230", "19990431", "20230229", "19991301", "19990001", "19990100"])
def test_impossible_birth_date_is_refused_even_with_a_correct_check_digit(birth):
    number = with_check(f"370303{birth}001")
    err = refused(number)
    assert "不存在" in err.message
    assert birth in err.message


def test_birth_date_in_the_future_is_refused():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    err = refused(with_check(f"370303{tomorrow:%Y%m%d}001"))
    assert "不合理" in err.message
    next_year = dt.date.today().year + 1
    assert not is_valid_id(with_check(f"370303{next_year}0101001"))


def test_birth_before_1880_is_refused():
    assert "不合理" in refused(with_check("37030318791231001")).message


def test_error_messages_never_show_the_whole_number():
    number = with_check("37030319990230001")
    err = refused(number)
    assert number not in err.message
    assert mask_id(number) in err.message


def test_15_digit_number_is_refused_but_explained():
    err = refused("110105491231002")
    assert "15 位" in err.message and "转换" in err.message


@pytest.mark.parametrize(("number", "words"), [
    ("", "不能为空"),
    ("   ", "不能为空"),
    ("1101051949123100", "16 位"),
    ("11010519491231002X1", "19 位"),
    ("1101051949123100XX", "前 17 位须为数字"),
    ("11010519491231A02X", "前 17 位须为数字"),
    ("11010519491231002Y", "前 17 位须为数字"),
    ("１１０１０５１９４９１２３１００２Ｘ", "前 17 位须为数字"),  # full-width digits from an IME
])
def test_malformed_numbers_are_refused_with_a_reason(number, words):
    assert words in refused(number).message


def test_none_is_refused_not_crashing():
    assert "不能为空" in refused(None).message  # type: ignore[arg-type]


@pytest.mark.parametrize("region", ["000000", "100000", "920000", "990101"])
def test_impossible_region_is_refused(region):
    err = refused(with_check(f"{region}19900101001"))
    assert "地址码" in err.message


def test_field_name_is_passed_through():
    assert refused("123", field="户主身份证号").field == "户主身份证号"


# -- conversion, masking, generation ---------------------------------------------------------------


def test_convert_15_to_18():
    assert convert_15_to_18("110105491231002") == FEMALE_1949
    # old numbers are all 19xx births; surrounding spaces are ignored
    assert convert_15_to_18(" 440524800101001 ") == with_check("44052419800101001")
    assert parse_id(convert_15_to_18("370303850615123")).birth_date == dt.date(1985, 6, 15)


@pytest.mark.parametrize("old", ["11010549123100", "1101054912310021", "11010549123100X", "", None])
def test_convert_refuses_what_is_not_15_digits(old):
    with pytest.raises(ValidationError, match="15 位"):
        convert_15_to_18(old)  # type: ignore[arg-type]


def test_convert_refuses_an_impossible_birth_date():
    with pytest.raises(ValidationError, match="不存在"):
        convert_15_to_18("110105490230002")


def test_mask_id_shows_first_six_and_last_four():
    assert mask_id(FEMALE_1949) == "110105********002X"
    assert mask_id(MALE_1880) == "440524********0014"
    assert mask_id("110105491231002") == "110105*****1002"


@pytest.mark.parametrize(("value", "masked"), [(None, ""), ("", ""), ("1234567890", "**********"), ("12", "**")])
def test_mask_id_of_short_or_empty_values_reveals_nothing(value, masked):
    assert mask_id(value) == masked


def test_make_id_builds_the_standard_example():
    assert make_id("110105", dt.date(1949, 12, 31), 2) == FEMALE_1949


@given(
    region=st.integers(min_value=110000, max_value=919999).map(str),
    birth=st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date.today()),
    seq=st.integers(min_value=0, max_value=999),
)
def test_make_id_always_parses_back(region, birth, seq):
    number = make_id(region, birth, seq)
    info = parse_id(number)
    assert info.number == number
    assert info.region == region
    assert info.birth_date == birth
    assert info.gender == ("1" if seq % 2 else "2")
    assert mask_id(number) == number[:6] + "*" * 8 + number[-4:]


@given(number=st.text(alphabet="0123456789X", min_size=18, max_size=18))
def test_whatever_parse_id_accepts_has_a_matching_check_digit(number):
    try:
        info = parse_id(number)
    except ValidationError:
        return
    assert check_digit(number[:17]) == number[17]
    assert info.number == number


def test_birth_dates_met_again_give_the_same_answer_and_bad_ones_stay_refused():
    # an import checks the same birth date in many numbers: the second answer is the first one's
    first = parse_id(with_check("37030319900101123"))
    again = parse_id(with_check("37030319900101456"))
    assert first.birth_date == again.birth_date == dt.date(1990, 1, 1)
    assert (again.number, again.region, again.gender) == (with_check("37030319900101456"), "370303", "2")
    for _ in range(2):  # refused every time, not remembered as a date
        assert "不存在" in refused(with_check("37030319900230123")).message
        assert "不合理" in refused(with_check("37030318790101123")).message
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    for _ in range(2):
        assert "不合理" in refused(with_check(f"370303{tomorrow:%Y%m%d}123")).message
