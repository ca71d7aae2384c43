from datetime import date

from incidentwatch.models.window import in_window, shift, window_date


def test_window_date_drops_what_is_outside_the_window_or_not_a_day():
    assert window_date(2024, 2, 29) == date(2024, 2, 29)
    assert window_date(2023, 2, 29) is None
    assert window_date(0, 1, 1) is None and window_date(9999, 12, 31) is None and window_date(2024, 13, 1) is None
    assert window_date(None, 1, 1) is None


def test_shift_never_overflows():
    assert shift(date(2024, 1, 1), -1) == date(2023, 12, 31)
    assert shift(date(1900, 1, 1), -1) is None
    assert shift(date(2100, 12, 31), 10**9) is None
    assert not in_window(date(1, 1, 1)) and in_window(date(1900, 1, 1)) and not in_window(None)
