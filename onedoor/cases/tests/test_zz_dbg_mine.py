from onedoor.cases.tests.applications import *
def test_x(world):
    for name, body in [("enr", enrollment_body(world)), ("rest", restaurant_body(world)), ("rest-c", restaurant_body(world, ("food-safety-rules",)))]:
        try:
            c = submitted(world, body)
            print(name, c.status, c.outcome, c.unmet_conditions, [(m.code,m.state,m.commitment,m.due) for m in c.materials.all()], c.deadline, c.promised_days)
            if c.status == "accepted":
                from onedoor.cases.actions.withdraw import withdraw_case
                withdraw_case(c.number, actor=world.staff("clerk"))
        except AssertionError as e:
            print(name, e)
    assert 0
