import datetime as dt

import pytest
import time_machine

from onedoor.core.identifiers import make_uscc
from onedoor.registry.actions import (
    add_relation,
    record_authorisation,
    register_organisation,
    revoke_authorisation,
)
from onedoor.registry.queries import can_act_for


@pytest.fixture
def family(make_person):
    parent = make_person()
    child = make_person(name="陈思远", birth=dt.date(2015, 3, 1), sequence=31)
    add_relation(actor="test", person=parent, other=child, kind="guardian")
    return parent, child


@pytest.mark.django_db
def test_a_person_may_act_for_themself(citizen):
    assert can_act_for(citizen, person_target=citizen)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC), tick=False)
def test_a_guardian_may_act_for_their_minor_child_but_not_the_other_way(family):
    parent, child = family

    assert can_act_for(parent, person_target=child)
    assert not can_act_for(child, person_target=parent)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2033, 3, 1, 10, tzinfo=dt.UTC), tick=False)
def test_guardianship_no_longer_lets_a_parent_act_once_the_child_is_eighteen(family):
    parent, child = family

    assert not can_act_for(parent, person_target=child)


@pytest.mark.django_db
def test_a_stranger_may_not_act_for_a_person(make_person, citizen):
    stranger = make_person(name="赵德胜", birth=dt.date(1979, 11, 5), sequence=79)

    assert not can_act_for(stranger, person_target=citizen)


@pytest.mark.django_db
def test_a_valid_authorisation_lets_an_agent_act_until_revoked(make_person, citizen):
    agent = make_person(name="赵德胜", birth=dt.date(1979, 11, 5), sequence=79)
    authorisation = record_authorisation(actor="test", agent=agent, principal=citizen)

    assert can_act_for(agent, person_target=citizen)
    revoke_authorisation(actor="test", authorisation=authorisation)
    assert not can_act_for(agent, person_target=citizen)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC), tick=False)
def test_an_expired_authorisation_gives_no_right(make_person, citizen):
    agent = make_person(name="赵德胜", birth=dt.date(1979, 11, 5), sequence=79)
    record_authorisation(
        actor="test", agent=agent, principal=citizen, valid_until=dt.date(2026, 11, 27)
    )

    assert not can_act_for(agent, person_target=citizen)


@pytest.mark.django_db
def test_the_legal_representative_and_an_authorised_agent_may_act_for_the_organisation(
    make_person, citizen
):
    company = register_organisation(
        actor="test", uscc=make_uscc(1), name="陈记餐饮", legal_representative=citizen
    )
    agent = make_person(name="赵德胜", birth=dt.date(1979, 11, 5), sequence=79)
    stranger = make_person(name="刘建军", birth=dt.date(1986, 7, 21), sequence=57)
    record_authorisation(actor="test", agent=agent, organisation=company, scope="食品经营许可")

    assert can_act_for(citizen, organisation=company)
    assert can_act_for(agent, organisation=company)
    assert not can_act_for(stranger, organisation=company)
