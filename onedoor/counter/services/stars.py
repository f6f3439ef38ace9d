"""Star windows (星级窗口): a window's or clerk's stars from its volume, its handling speed and
the citizens' ratings (好差评) of the cases it handled.

Two ratios against the service point over the same days:

- volume: tickets served per day on duty ÷ the point's average per window and day;
- speed: the point's average handling time ÷ this one's (faster than the point is above 1).

    stars = 1 + (volume ≥ 0.8) + (volume ≥ 1.2) + (speed ≥ 0.8) + (speed ≥ 1.2)

Then satisfaction, the average grade (1–5) of the ratings of the cases linked to the tickets:

- a bad rating (差评, grade 1 or 2), or an average below 3: one star less;
- otherwise an average of 4.5 or more: one star more;

kept within 1 to 5; none without a served ticket. Without ratings the stars are volume and
speed alone. A bad rating outweighs any average: each one calls for rectification (整改).
"""

SATISFIED_AVERAGE = 4.5
DISSATISFIED_AVERAGE = 3.0
MIN_STARS, MAX_STARS = 1, 5


def stars(
    *,
    served_per_day: float,
    point_served_per_day: float,
    handling_seconds: float | None,
    point_handling_seconds: float | None,
    average_grade: float | None = None,
    bad_ratings: int = 0,
) -> int | None:
    if served_per_day <= 0 or point_served_per_day <= 0:
        return None
    volume = served_per_day / point_served_per_day
    speed = 1.0
    if handling_seconds and point_handling_seconds:
        speed = point_handling_seconds / handling_seconds
    score = 1 + (volume >= 0.8) + (volume >= 1.2) + (speed >= 0.8) + (speed >= 1.2)
    score += satisfaction(average_grade, bad_ratings)
    return min(max(score, MIN_STARS), MAX_STARS)


def satisfaction(average_grade: float | None, bad_ratings: int) -> int:
    """The stars the ratings add (1), take (-1) or leave (0); 0 without ratings."""
    if average_grade is None:
        return 0
    if bad_ratings or average_grade < DISSATISFIED_AVERAGE:
        return -1
    return 1 if average_grade >= SATISFIED_AVERAGE else 0
