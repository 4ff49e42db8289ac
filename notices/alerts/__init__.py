"""The alert pipeline: how a supplier hears, by e-mail and in time, of every notice that fits.

Each step has one module, and each module one job:

- `criteria`: saving, reading, previewing, pausing and deleting a supplier's alerts;
- `routes`: the rows the matcher reads first (AlertRoute), derived from the alerts and their owners;
- `reachability`: may the portal e-mail this user (active, confirmed, not suppressed);
- `matching`: which alerts fit a notice, as one SQL statement;
- `dispatch`: writing the outbox (AlertDelivery) for a notice's events, deadline reminders, other
  apps' reminders, and the sweep that catches what was missed; the only writer of the outbox;
- `sending`: claiming due rows, SMTP, retries and suppression;
- `digests`: daily and weekly digests at 08:00 in each recipient's time zone;
- `emails`: the messages, one rendering shared by the recipients who read the same, and the
  renderers other apps register for their kinds of delivery;
- `unsubscribe`: the one-click links every e-mail carries (RFC 8058) and what each stops;
- `receivers`: keeping routes in step with the accounts and addresses they derive from;
- `models`: the tables (they belong to the `notices` app).

How an alert travels: publishing, amending or cancelling a notice enqueues `dispatch_notice` once
the transaction commits (notices.publishing); the task calls `dispatch.queue_for_notice`, which asks
`matching` for the recipients and writes one outbox row each, under a unique constraint, so a
second dispatch writes nothing. `sending.send_pending` then e-mails the instant rows; digests wait
for their hour. Celery beat runs the senders, the digests, the reminders and the sweep.
"""
