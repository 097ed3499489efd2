"""Connections, not referrals (issue 17): an introduction to the champion who runs a group.

flow.py     the conversation: the offer after an offer's details, both YESes, the relay,
            END INTRO, INTRODUCTIONS ON/OFF, the follow-up answers
actions.py  what moves an introduction on (shared by the flow and the job)
jobs.py     the periodic job: asks in the sending window, time-outs, closing, follow-ups
report.py   the figures for staff; cli.py `report connections`; pages.py the dashboard
Storage is bot/storage/connections.py. docs/connections.md describes it for practices.
"""
