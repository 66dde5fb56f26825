"""A regional bundle as an offer catalogue: what a printed or downloaded catalogue says.

The entries are exactly the packages the bundle page lists to an anonymous reader
(``RegionalBundle.package_cards``): public and live only, each in the bundle's
language or, without a live translation, in its original language and marked so.
Everything is read in a fixed number of queries, whatever the number of packages.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from knowledge.links import absolute_url
from knowledge.models import Institution
from knowledge.taxonomy_cache import regions_in


@dataclass(frozen=True)
class CatalogueEntry:
    """One package as the catalogue shows it."""

    title: str
    language: str
    is_fallback: bool
    machine_translated: bool
    summary: str
    facts: list = field(default_factory=list)
    url: str = ""


@dataclass(frozen=True)
class OfferCatalogue:
    """The bundle's own text and its packages, in the order editors chose."""

    title: str
    summary: str
    language: str
    region: str
    url: str
    entries: list = field(default_factory=list)


def offer_catalogue(bundle, request):
    """The catalogue of ``bundle`` for the reader of ``request``."""
    locale = bundle.locale
    cards = bundle.package_cards()
    hosts = _localized_hosts([card.page for card in cards], locale)
    region_names = regions_in(locale.pk)
    region = bundle.region
    return OfferCatalogue(
        title=bundle.title,
        summary=bundle.summary,
        language=locale.language_code,
        region=_term_name(region_names, region),
        url=absolute_url(bundle, request) or "",
        entries=[_entry(card, hosts, region_names, request) for card in cards],
    )


def _entry(card, hosts, region_names, request):
    package = card.page
    return CatalogueEntry(
        title=package.title,
        language=card.language,
        is_fallback=card.is_fallback,
        machine_translated=package.machine_translated,
        summary=package.summary,
        facts=_facts(package, card, hosts.get(package.host_id), region_names),
        url=absolute_url(package, request) or "",
    )


def _facts(package, card, host, region_names):
    """Label and value pairs, in the order of the package page; empty ones left out."""
    capacity = ""
    if package.capacity:
        capacity = ngettext("%(people)s person", "%(people)s people", package.capacity) % {
            "people": package.capacity
        }
    host_name = ""
    if host is not None:
        settlement = _term_name(region_names, host.settlement)
        host_name = f"{host.name}, {settlement}" if settlement else host.name
    facts = [
        (_("Audience"), package.audience),
        (_("Season"), package.get_season_display()),
        (_("Duration"), package.duration),
        (_("Capacity"), capacity),
        (_("Price"), package.get_price_band_display()),
        (_("Status"), package.get_status_display()),
        (_("Host"), host_name),
        (_("Contact"), package.contact),
        (_("Accessibility"), package.accessibility),
        (_("Local values it builds on"), package.local_values),
        (_("Themes"), ", ".join(term.name for term in card.themes)),
        (_("Regions"), ", ".join(term.name for term in card.regions)),
    ]
    return [(label, str(value).strip()) for label, value in facts if str(value).strip()]


def _localized_hosts(packages, locale):
    """Each host institution by id, in ``locale`` when it has that translation."""
    host_ids = {package.host_id for package in packages if package.host_id}
    if not host_ids:
        return {}
    chosen = list(Institution.objects.filter(pk__in=host_ids).select_related("settlement"))
    translations = {
        institution.translation_key: institution
        for institution in Institution.objects.filter(
            locale=locale, translation_key__in=[host.translation_key for host in chosen]
        ).select_related("settlement")
    }
    return {host.pk: translations.get(host.translation_key, host) for host in chosen}


def _term_name(names, region):
    """A region named in the reader's language (its own name when it has no translation)."""
    if region is None:
        return ""
    term = names.get(region.slug)
    return term.name if term else region.name
