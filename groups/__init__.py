"""The programme and its mentor groups: pages, people, access, moderation and notes."""
