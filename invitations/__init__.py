"""Asking to take part: invitation requests to invitation-only meetings (with a staff queue), and
e-mail notices for the public (subscriptions), both confirmed by double opt-in."""
