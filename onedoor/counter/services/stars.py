"""Star windows (星级窗口): a window's or clerk's stars from its volume and its handling speed.

Two ratios against the service point over the same days:

- volume: tickets served per day on duty ÷ the point's average per window and day;
- speed: the point's average handling time ÷ this one's (faster than the point is above 1).

    stars = 1 + (volume ≥ 0.8) + (volume ≥ 1.2) + (speed ≥ 0.8) + (speed ≥ 1.2)

so 1 to 5; none without a served ticket. Citizens' ratings (好差评) join the formula when the
ratings app records them.
"""


def stars(
    *,
    served_per_day: float,
    point_served_per_day: float,
    handling_seconds: float | None,
    point_handling_seconds: float | None,
) -> int | None:
    if served_per_day <= 0 or point_served_per_day <= 0:
        return None
    volume = served_per_day / point_served_per_day
    speed = 1.0
    if handling_seconds and point_handling_seconds:
        speed = point_handling_seconds / handling_seconds
    return 1 + (volume >= 0.8) + (volume >= 1.2) + (speed >= 0.8) + (speed >= 1.2)
