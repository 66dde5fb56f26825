"""Models of the groups app; each idea lives in its own module."""

from groups.models.access import GroupAccess
from groups.models.consent import ConsentRecord
from groups.models.mentor_group import MentorGroup
from groups.models.notes import SessionNote
from groups.models.people import GroupMembership, Profile
from groups.models.planned_session import PlannedSession
from groups.models.programme import Programme
from groups.models.rubric import Practice, PracticeState, RubricEntry
from groups.models.writeup import WorkshopWriteUp

__all__ = [
    "ConsentRecord",
    "GroupAccess",
    "GroupMembership",
    "MentorGroup",
    "PlannedSession",
    "Practice",
    "PracticeState",
    "Profile",
    "Programme",
    "RubricEntry",
    "SessionNote",
    "WorkshopWriteUp",
]
