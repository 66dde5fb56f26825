"""Factories for the groups app's pages (wagtail-factories, factory_boy)."""

import datetime

import factory
import wagtail_factories

from groups.models import MentorGroup, Programme, RubricEntry, WorkshopWriteUp
from tests.factories import KnowledgePageFactory


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class ProgrammeFactory(wagtail_factories.PageFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Csoportos mentorálás {n}")
    summary = "Csoportos mentorálás közművelődési szakembereknek."
    aims = "A szakmai identitás erősítése\nA térségi kapcsolati háló megerősítése"


class MentorGroupFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MentorGroup
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Mentorcsoport {n}")
    summary = "Térségi mentorcsoport."
    goal = "Kiajánlható kulturális programcsomagok kidolgozása."
    focus_questions = "Hogyan lesz a közösségi szolgálatból önkéntesség?"
    cadence = "havonta, három óra"
    status = MentorGroup.Status.ACTIVE

    @factory.post_generation
    def rubric(obj, create, extracted, **kwargs):
        """``rubric=[("goals", "strong", "note"), ...]``"""
        if extracted:
            obj.rubric = [
                RubricEntry(practice=practice, state=state, note=note)
                for practice, state, note in extracted
            ]
            publish(obj)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if extracted:
            obj.themes.set(extracted)
            publish(obj)


class WorkshopWriteUpFactory(KnowledgePageFactory):
    class Meta:
        model = WorkshopWriteUp

    title = factory.Sequence(lambda n: f"Műhelyalkalom {n}")
    date = factory.Sequence(lambda n: datetime.date(2025, 11, 1) + datetime.timedelta(days=n))
    session_number = factory.Sequence(lambda n: n + 1)
    participants = 8
    new_participants = 2
    what_we_did = "<p>Közösen dolgoztunk.</p>"

    @factory.post_generation
    def methods_used(obj, create, extracted, **kwargs):
        if extracted:
            obj.methods_used.set(extracted)
            publish(obj)

    @factory.post_generation
    def outputs(obj, create, extracted, **kwargs):
        if extracted:
            obj.outputs.set(extracted)
            publish(obj)
