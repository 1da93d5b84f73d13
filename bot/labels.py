"""The few words adapters put around the engine's content (card headings, a modal's
title), taken from a locale's messages so that they too live in dialogs/."""

from __future__ import annotations

from dataclasses import dataclass

from .dialogs import Locale


@dataclass(frozen=True)
class Labels:
    heading: str  # "My view: {title}"
    against: str
    for_: str
    reasons: str
    sources: str
    nothing: str
    subject: str
    script: str
    form_title: str
    form_open: str
    form_submit: str  # a modal's buttons
    form_close: str
    form_failed: str  # the modal could not be opened
    dm_failed: str  # Slack: a DM could not be delivered
    dms_closed: str  # Discord: the user does not accept DMs from server members

    @classmethod
    def of(cls, loc: Locale) -> Labels:
        m = loc.msg
        return cls(
            heading=m("recommendation_heading"),
            against=m("against_heading"),
            for_=m("for_heading"),
            reasons=m("reasons_heading"),
            sources=m("sources_heading"),
            nothing=m("nothing_listed"),
            subject=m("draft_subject"),
            script=m("draft_script"),
            form_title=m("form_title"),
            form_open=m("form_open"),
            form_submit=m("form_submit"),
            form_close=m("form_close"),
            form_failed=m("form_failed"),
            dm_failed=m("dm_failed"),
            dms_closed=m("discord_dms_closed"),
        )
