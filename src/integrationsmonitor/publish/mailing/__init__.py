"""Mailing list for the FactSheet: double opt-in, a queue with retries, SMTP delivery.

Write through `services` (anmelden, bestaetigen, abmelden, rundschreiben_einreihen), send through
`warteschlange` (warteschlange_abarbeiten, erneut_einreihen), read through `selectors`. The FactSheet (or anything else) is sent by calling
`services.rundschreiben_einreihen(...)` once per issue and letting `imon mail-queue` deliver it.
"""
