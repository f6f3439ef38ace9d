"""The star rule (services/stars.py): volume and speed against the hall, then the ratings."""

import pytest

from onedoor.counter.services.stars import stars

# volume 1.0 (+1), speed 1.0 (+1): 3 stars before ratings
AVERAGE = {
    "served_per_day": 10,
    "point_served_per_day": 10,
    "handling_seconds": 600,
    "point_handling_seconds": 600,
}
BEST = {**AVERAGE, "served_per_day": 15, "handling_seconds": 400}  # 5 stars before ratings
WORST = {**AVERAGE, "served_per_day": 5, "handling_seconds": 1200}  # 1 star before ratings


@pytest.mark.parametrize(
    ("figures", "average_grade", "bad_ratings", "expected"),
    [
        (AVERAGE, None, 0, 3),  # no ratings: volume and speed alone
        (AVERAGE, 4.5, 0, 4),
        (AVERAGE, 4.49, 0, 3),
        (AVERAGE, 3.0, 0, 3),
        (AVERAGE, 2.99, 0, 2),
        (AVERAGE, 4.8, 1, 2),  # a bad rating outweighs a high average
        (BEST, 5.0, 0, 5),  # never above five
        (WORST, 1.0, 3, 1),  # never below one
        (WORST, 4.6, 0, 2),
    ],
)
def test_ratings_add_or_take_one_star_within_one_to_five(
    figures, average_grade, bad_ratings, expected
):
    assert stars(**figures, average_grade=average_grade, bad_ratings=bad_ratings) == expected


def test_without_a_served_ticket_there_are_no_stars_whatever_the_ratings():
    assert stars(**{**AVERAGE, "served_per_day": 0}, average_grade=5.0) is None
