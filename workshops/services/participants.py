"""Participants: the people who take part, written once per person whoever lists them."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops.errors import WorkshopError
from workshops.identity import Identity, InvalidMobile, match_identity
from workshops.models import Participant

# The fields a person may give; a foreign key by object or by id.
PERSON_FIELDS = frozenset(
    {
        "name",
        "name_bn",
        "gender",
        "rank",
        "rank_id",
        "designation",
        "organisation",
        "organisation_id",
        "email",
        "mobile",
        "employee_id",
        "preferred_language",
        "user",
    }
)
_RELATED = frozenset({"rank", "organisation", "user"})
_CHUNK = 500


def participants_upsert(*, people: Sequence[Mapping[str, Any]]) -> list[Participant]:
    """Create or bring up to date one participant per person, all or nothing; returns them
    in the order of `people`.

    A person is a mapping of participant fields (``PERSON_FIELDS``). Identifiers are
    normalised (``workshops.identity``) and a person is the known participant of their
    account (``user``), else the one their e-mail, employee ID or mobile identifies,
    strongest first (``match_identity``, as a nomination list's import matches). A known
    participant takes the given values; a blank value ("" or None) never overwrites what is
    known and leaves a new participant's field to its default. An account is linked only
    to a participant without one.

    Raises WorkshopError for an unknown field, a mobile that is not Bangladeshi, a new
    person without a name, an identifier that belongs to another participant than the one
    matched, a person listed twice among the new ones, and an account that is another
    participant's (or a participant that has another account).
    """
    people = [_normalised(person) for person in people]
    with transaction.atomic():
        index, known = _index(people)
        now = timezone.now()
        new: list[Participant] = []
        changed: dict[int, Participant] = {}
        result: list[Participant] = []
        new_keys: dict[tuple[str, str], Participant] = {}
        for person, identity in people:
            pk = _match(person, identity, index, known)
            if pk is None:
                participant = _new(person, identity, new_keys)
                new.append(participant)
            else:
                participant = changed.get(pk) or known[pk]
                if _update(participant, person):
                    participant.updated_at = now  # bulk_update skips auto_now
                    changed[pk] = participant
            result.append(participant)
        try:
            with transaction.atomic():
                if changed:
                    fields = {key for person, _identity in people for key in person}
                    fields.add("updated_at")
                    Participant.objects.bulk_update(
                        list(changed.values()), sorted(fields), batch_size=1000
                    )
                Participant.objects.bulk_create(new, batch_size=1000)
        except IntegrityError:
            raise WorkshopError("participants_conflict") from None
    return result


def participant_link_account(*, participant: Participant, user) -> Participant:
    """Link a participant to the user account that is theirs (nothing if it already is).

    Raises WorkshopError when the participant has another account or the account is
    already another participant's.
    """
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.user_id == user.pk:
            return participant
        if participant.user_id is not None:
            raise WorkshopError("participant_other_account", name=participant.name)
        holder = Participant.objects.filter(user=user).first()
        if holder is not None:
            raise WorkshopError("account_other_participant", name=holder.name)
        participant.user = user
        participant.save(update_fields=["user", "updated_at"])
    return participant


def _normalised(person: Mapping[str, Any]) -> tuple[dict, Identity]:
    unknown = set(person) - PERSON_FIELDS
    if unknown:
        raise WorkshopError(
            _("A participant has no field %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    try:
        identity = Identity.of(
            email=person.get("email") or "",
            employee_id=person.get("employee_id") or "",
            mobile=person.get("mobile") or "",
        )
    except InvalidMobile:
        raise WorkshopError(
            "invalid_mobile", name=person.get("name") or "", mobile=person.get("mobile")
        ) from None
    normal = {key: value for key, value in person.items() if value not in ("", None)}
    normal.update({key: value for key, value in identity.keys()})
    return normal, identity


def _index(people) -> tuple[dict[tuple[str, str], int], dict[int, Participant]]:
    """The known participants any person's account or identifiers may name, by key."""
    wanted: dict[str, set] = {"email": set(), "employee_id": set(), "mobile": set()}
    users = set()
    for person, identity in people:
        for kind, value in identity.keys():
            wanted[kind].add(value)
        if person.get("user") is not None:
            users.add(person["user"].pk)
    queries = [Q(user_id__in=chunk) for chunk in _chunks(users)]
    queries += [Q(email_ci__in=chunk) for chunk in _chunks(wanted["email"])]
    queries += [Q(employee_id_ci__in=chunk) for chunk in _chunks(wanted["employee_id"])]
    queries += [Q(mobile__in=chunk) for chunk in _chunks(wanted["mobile"])]
    known: dict[int, Participant] = {}
    for query in queries:
        found = Participant.objects.annotate(
            email_ci=Lower("email"), employee_id_ci=Upper("employee_id")
        ).filter(query)
        known.update((participant.pk, participant) for participant in found)
    index: dict[tuple[str, str], int] = {}
    for participant in known.values():
        if participant.user_id is not None:
            index[("user", participant.user_id)] = participant.pk
        for key in _identity_of(participant).keys():
            index[key] = participant.pk
    return index, known


def _chunks(values: set) -> list[list]:
    values = sorted(values)
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _identity_of(participant: Participant) -> Identity:
    return Identity(
        email=participant.email.lower(),
        employee_id=participant.employee_id.upper(),
        mobile=participant.mobile,
    )


def _match(person: dict, identity: Identity, index, known) -> int | None:
    """The known participant of this person; an identifier or account that is another's is
    an error."""
    user = person.get("user")
    by_user = index.get(("user", user.pk)) if user is not None else None
    pk = by_user if by_user is not None else match_identity(identity, index)
    if pk is None:
        return None
    for key in identity.keys():
        other = index.get(key)
        if other is not None and other != pk:
            raise WorkshopError("identifier_taken", value=key[1], name=known[pk].name)
    return pk


def _new(person: dict, identity: Identity, new_keys: dict) -> Participant:
    if not person.get("name"):
        raise WorkshopError("participant_no_name", identifier=(identity.key or ("", ""))[1])
    for key in identity.keys():
        if key in new_keys:
            raise WorkshopError("participant_twice", name=person["name"])
    participant = Participant(**person)
    for key in identity.keys():
        new_keys[key] = participant
    return participant


def _update(participant: Participant, person: dict) -> bool:
    """Give a known participant the person's values; True when any changed."""
    user = person.get("user")
    if user is not None and participant.user_id not in (None, user.pk):
        raise WorkshopError("participant_other_account", name=participant.name)
    changed = False
    for key, value in person.items():
        # A related object is compared by its id, without loading the participant's.
        related = key in _RELATED
        current = getattr(participant, f"{key}_id" if related else key)
        if current != (value.pk if related else value):
            setattr(participant, key, value)
            changed = True
    return changed
