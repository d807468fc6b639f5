"""The one workflow for requests the public confirms by e-mail: invitation requests, applications
to serve and notice subscriptions share its states, tokens, flood guard, honeypot and queue.

(Not named `requests`: that would shadow the HTTP library of the same name for everything that
imports it.)
"""
