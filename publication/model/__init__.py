"""The typed sources: a schema for every file in `sources/`, and validation against it.

One module per source file (site, partners, network with contacts, workshop with its agenda),
the values they are made of, the record base, and the validation that turns pydantic's errors
into located problems. Everything other stages use is re-exported here: import from
`publication.model`, not from its modules, so that the schema can be regrouped freely.
"""

from .agenda import AgendaDay, ParallelSession, Person, Session
from .network import Challenge, Contact, Contacts, Credits, Funder, LocalGroup, LocalGroupMember, Network, Period
from .participants import ROLES, Participant, Participants, Role
from .partners import Location, Partner, Partners
from .record import Image, Logo, Record, Status, iter_values_of_type
from .site import Brand, Colour, MapSettings, PrintSettings, Site, messages_setting
from .validation import problems_from_validation, validate
from .values import CMYK, Day, DayOrMonth, Flag, Month, Number, Text, TextField, Time
from .workshop import Place, Practical, Venue, Workshop
from .zones import COUNTRY_TIME_ZONE, event_zone_name, load_zone, zone_fix

__all__ = [
    "CMYK",
    "COUNTRY_TIME_ZONE",
    "ROLES",
    "AgendaDay",
    "Brand",
    "Challenge",
    "Colour",
    "Contact",
    "Contacts",
    "Credits",
    "Day",
    "DayOrMonth",
    "Flag",
    "Funder",
    "Image",
    "LocalGroup",
    "LocalGroupMember",
    "Location",
    "Logo",
    "MapSettings",
    "Month",
    "Network",
    "Number",
    "ParallelSession",
    "Participant",
    "Participants",
    "Partner",
    "Partners",
    "Period",
    "Person",
    "Place",
    "Practical",
    "PrintSettings",
    "Record",
    "Role",
    "Session",
    "Site",
    "Status",
    "Text",
    "TextField",
    "Time",
    "Venue",
    "Workshop",
    "event_zone_name",
    "iter_values_of_type",
    "load_zone",
    "messages_setting",
    "problems_from_validation",
    "validate",
    "zone_fix",
]
