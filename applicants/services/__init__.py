"""Writes for applicants: everything that happens to a person's place.

- ``places``: the one lock order for places (the event, then its slots);
- ``notices``: what applicants are told, in their language;
- ``registrations``: sign-up, on someone's behalf, cancelling, one's own data;
- ``bookings``: slots booked, moved and given back;
- ``waiting_lists``: free places handed on, first come first;
- ``programme``: what a change to the programme does to people's places;
- ``invitations``: organisers invite people from a list;
- ``attendance``: check-in at the door and answers to reminders;
- ``reminders``: reminders found due and written to the outbox.
"""
