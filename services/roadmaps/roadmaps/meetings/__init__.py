"""Meetings of the working groups: attendance by sector and gender, minutes, agreements,
and the yearly counts that evidence OGP's minimum of implementation meetings."""
