"""Disclosure on application (依申请公开): applications, clock, outcomes, fees, letters."""
