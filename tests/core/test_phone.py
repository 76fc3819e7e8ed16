"""gridapp.core.phone: mobile and landline numbers."""

from __future__ import annotations

import pytest

from gridapp.core.errors import ValidationError
from gridapp.core.phone import mask_phone, normalize_phone


@pytest.mark.parametrize(("typed", "stored"), [
    ("13812345678", "13812345678"),
    ("19912345678", "19912345678"),
    ("138 1234 5678", "13812345678"),
    ("138\u30001234\u30005678", "13812345678"),  # full-width spaces from a Chinese IME
    ("+86 138 1234 5678", "13812345678"),
    (" 0533-1234567 ", "0533-1234567"),
    ("05331234567", "05331234567"),
    ("010-12345678", "010-12345678"),
    (13812345678, "13812345678"),  # a number cell from a spreadsheet
])
def test_valid_numbers_are_normalised(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", [None, "", "   ", "\u3000", "+86"])
def test_empty_means_no_phone(typed):
    assert normalize_phone(typed) is None


@pytest.mark.parametrize("typed", [
    "12812345678",  # second digit 2: not a mainland mobile
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "23812345678",
    "138-1234-5678",
    "0533-123456",  # local part too short
    "0533-123456789",  # local part too long
    "533-1234567",  # area code without the leading 0
    "电话13812345678",
    "abc",
])
def test_malformed_numbers_are_refused_with_the_field_named(typed):
    with pytest.raises(ValidationError) as info:
        normalize_phone(typed)
    assert info.value.field == "联系电话"
    assert "格式不正确" in info.value.message


def test_custom_field_name():
    with pytest.raises(ValidationError) as info:
        normalize_phone("123", field="户主电话")
    assert info.value.field == "户主电话"


@pytest.mark.parametrize(("value", "masked"), [
    ("13812345678", "138****5678"),
    ("0533-1234567", "0533-***4567"),
    ("010-12345678", "010-****5678"),
    ("1234567", "*******"),
    ("", ""),
    (None, ""),
])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(("typed", "stored"), [
    ("13812345678\n", "13812345678"),  # a line break after a clean number: taken out, not kept by the fast path
    ("13812345678\u3000", "13812345678"),
    ("\t13812345678", "13812345678"),
])
def test_a_mobile_with_a_space_at_either_end_is_stored_without_it(typed, stored):
    assert normalize_phone(typed) == stored
