"""The supplier's workspace (/supplier/): what to do next, what is due this week, their company's
review and assessment, the notices they follow, their alerts and the e-mails sent to them.

It draws on both halves of the domain (suppliers and notices), which do not know each other, so it
is put together here, as the program dashboard is. Every list is bounded and read in one query, so
the page costs the same number of queries whatever the user has on file.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from events import listing, meetings
from events.models import Event, Registration, RegistrationStatus
from notices import awarding, following, interest
from notices.alerts import criteria, history
from notices.alerts.models import Alert, AlertDelivery
from notices.award_models import Award
from notices.interest_models import Interest
from notices.models import Notice
from suppliers.models import CorrectiveAction
from suppliers.next_steps import Step, next_steps
from suppliers.workspace import Company, company_of

LISTED_FOLLOWS = 10  # the rest are on the full list (notices:following)
LISTED_ALERTS = 5  # the rest are on /alerts/
MATCHES_PER_ALERT = 3
LISTED_INTERESTS = 10  # the company's latest expressions of interest
LISTED_AWARDS = 10  # the company's latest awards
LISTED_EVENTS = 10  # the person's latest events, upcoming and past, with their certificates
LISTED_EMAILS = 5  # the rest are in the delivery log (/alerts/log/)
THIS_WEEK = timedelta(days=7)


@dataclass
class Workspace:
    company: Company
    steps: list[Step]
    followed: list[Notice]  # open ones first, soonest deadline first (following.followed_notices)
    follow_counts: dict[str, int]  # following.follow_counts
    alerts: list[Alert]  # each with `recent`: the deliveries of its latest matches
    alert_count: int
    emails: list[AlertDelivery]
    due_notices: list[Notice]  # followed notices that close within the week
    due_actions: list[CorrectiveAction]  # corrective actions overdue or due within the week
    interests: list[Interest]  # the company's latest, newest first, with their notices
    awards: list[Award]  # the company's latest won, newest first (awarding.awards_won_by)
    events: list[Registration]  # the person's own, latest event first, with any certificate
    coming_events: list[Event]  # the next events open for registration, not yet theirs
    meetings_waiting: int | None  # a buyer's meeting requests to answer; None: not a buyer

    @property
    def due_count(self) -> int:
        return len(self.due_notices) + len(self.due_actions)


def workspace_of(user, *, now: datetime | None = None) -> Workspace:
    """Everything the user's workspace shows, for a signed-in user with or without a company."""
    now = now or timezone.now()
    company = company_of(user, today=timezone.localdate(now))
    alerts, alert_count = alerts_with_matches(user, now=now)
    followed = list(following.followed_notices(user, now=now)[:LISTED_FOLLOWS])
    week_end = company.today + THIS_WEEK
    return Workspace(
        company=company,
        steps=next_steps(company=company, has_alert=alert_count > 0),
        followed=followed,
        follow_counts=following.follow_counts(user, now=now),
        alerts=alerts,
        alert_count=alert_count,
        emails=history.latest_deliveries(user, limit=LISTED_EMAILS),
        due_notices=[notice for notice in followed if notice.closes_soon],
        due_actions=[action for action in company.open_actions if action.due_on <= week_end],
        interests=interests_of(company),
        awards=awards_of(company),
        events=events_of(user),
        coming_events=listing.coming_events(user=user, now=now),
        meetings_waiting=meetings.waiting_for_buyer(user),
    )


def events_of(user) -> list[Registration]:
    """The person's registrations (a seat or a place in line), the latest event first, each with
    its event and certificate (one query)."""
    registrations = Registration.objects.filter(user=user).exclude(
        status=RegistrationStatus.CANCELLED
    )
    return list(
        registrations.select_related("event", "certificate").order_by("-event__starts_at", "-pk")[
            :LISTED_EVENTS
        ]
    )


def interests_of(company: Company) -> list[Interest]:
    """The company's latest expressions of interest (one query; none without a company)."""
    if company.supplier is None:
        return []
    return list(interest.interests_of_company(company.supplier.pk)[:LISTED_INTERESTS])


def awards_of(company: Company) -> list[Award]:
    """The latest awards won by the company, whoever of its members looks (one query; none
    without a company)."""
    if company.supplier is None:
        return []
    return list(awarding.awards_won_by(company.supplier.pk)[:LISTED_AWARDS])


def alerts_with_matches(user, *, now: datetime) -> tuple[list[Alert], int]:
    """The user's first LISTED_ALERTS alerts (by name), each with `recent`, the deliveries of
    the last notices it brought them; and how many alerts they have."""
    alerts = list(criteria.alerts_of(user)[:LISTED_ALERTS])
    count = Alert.objects.filter(user=user, deleted_at__isnull=True).count()
    matches = history.recent_matches(
        user, alert_ids=[alert.pk for alert in alerts], per_alert=MATCHES_PER_ALERT, now=now
    )
    for alert in alerts:
        alert.recent = matches.get(alert.pk, [])
    return alerts, count
