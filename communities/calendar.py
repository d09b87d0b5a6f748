"""Sessions as an iCalendar (RFC 5545) feed that calendar apps subscribe to."""

from django.utils import timezone
from icalendar import Calendar, Event

PRODUCT_ID = "-//Divosa//CoP-portaal Inburgering//NL"


def sessions_to_ical(sessions, *, name: str, url: str) -> bytes:
    base = url.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    now = timezone.now()
    host = base.split("://", 1)[-1]
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", now)
        event.add("created", session.created_at)
        event.add("last-modified", session.updated_at)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", f"{session.title} ({session.community.name})")
        location = ", ".join(filter(None, [session.location, session.online_url]))
        if location:
            event.add("location", location)
        if session.agenda:
            event.add("description", session.agenda)
        event.add("url", base + session.get_absolute_url())
        calendar.add_component(event)
    return calendar.to_ical()
