"""The names of roles, publishing modes and API token scopes.

Kept apart from bot.moderation (the rules that use them) so that building the command line's
parser, which lists them as choices, does not import the whole engine.
"""

from __future__ import annotations

ROLES: tuple[str, ...] = ("admin", "moderator", "police")
PUBLISH_MODES: tuple[str, ...] = ("live", "review")
SCOPES: tuple[str, ...] = ("reported:write", "reported:delete", "reported:read")
