from dataclasses import replace
from datetime import date

import pytest

from incidentwatch.store.merge import (
    ReportKey,
    bare_headline,
    restated,
    same_incident,
    shared_details,
    sole_candidate,
)


def key(**kw):
    base = dict(date=date(2024, 5, 13), published=date(2024, 5, 14), place="Bannu", admin2="Bannu", admin1="Khyber Pakhtunkhwa",
                country="PK", lat=32.99, lon=70.6, event_type="armed_assault")
    base.update(kw)
    return ReportKey(**base)


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (key(), True),
        (key(date=date(2024, 5, 14)), True),
        (key(date=date(2024, 5, 16)), False),
        (key(admin2="Lakki Marwat", place="Lakki Marwat", lat=32.6, lon=70.9), False),
        (key(event_type="other"), True),
        (key(event_type="bombing"), False),
        (key(place="Domel", lat=None, lon=None), True),  # one names the district only
        (key(admin2=None, place=None, lat=None, lon=None), True),  # the province only
        (key(country="AF", admin1="Khost", admin2=None), False),
        (key(claimed_by=frozenset({"TTP"})), True),
    ],
)
def test_same_incident_rules(other, same):
    assert same_incident(key(), other) is same


def test_two_named_places_in_one_district_are_two_incidents():
    assert not same_incident(key(place="Domel", lat=33.05, lon=70.45), key(place="Mandan", lat=32.9, lon=70.7))


def test_two_groups_claiming_make_two_incidents():
    assert not same_incident(key(claimed_by=frozenset({"TTP"})), key(claimed_by=frozenset({"HGB"})))


def test_a_faction_and_its_parent_claiming_are_one_family():
    assert same_incident(key(claimed_by=frozenset({"IS-K"})), key(claimed_by=frozenset({"IS"})))
    assert same_incident(key(claimed_by=frozenset({"JuA"})), key(claimed_by=frozenset({"TTP"})))
    assert not same_incident(key(claimed_by=frozenset({"IS-K"})), key(claimed_by=frozenset({"TTP"})))


def test_an_attack_repelled_and_the_operation_are_one_event_only_in_one_district_on_one_day():
    operation = key(event_type="security_operation")
    assert same_incident(key(event_type="armed_assault"), operation)
    assert same_incident(key(event_type="armed_assault"), key(event_type="security_operation", date=date(2024, 5, 14)))
    assert not same_incident(key(event_type="armed_assault", admin2=None, place=None), operation)  # the province only
    assert not same_incident(key(event_type="armed_assault", date=None), operation)


def test_bombing_suicide_bombing_and_other_are_compatible():
    assert same_incident(key(event_type="bombing"), key(event_type="suicide_bombing"))
    assert same_incident(key(event_type="other"), key(event_type="suicide_bombing"))


def test_an_undated_background_mention_fits_an_attack_of_the_days_before_its_article():
    follow_up = key(date=None, published=date(2024, 5, 20), background=True)
    assert same_incident(follow_up, key())  # a week later: "last week's attack"
    assert not same_incident(follow_up, key(date=date(2024, 5, 22)))  # after the article
    assert not same_incident(key(date=None, published=date(2024, 5, 20)), key())  # a main report keeps the window


def timeless(**kw):
    return key(date=None, published=None, **kw)


def test_a_report_with_no_days_to_go_by_joins_on_two_shared_details():
    seminary = frozenset({"jamia", "farooqia", "seminary"})
    assert same_incident(timeless(terms=frozenset({"farooqia", "seminary"})), key(terms=seminary))
    assert same_incident(key(terms=seminary), timeless(terms=frozenset({"farooqia", "seminary"})))
    # one shared word is not enough, nor none
    assert not same_incident(timeless(terms=frozenset({"seminary"})), key(terms=seminary))
    assert not same_incident(timeless(), key())
    # the key fields still rule: another district, an incompatible type, two claimants, two named places
    assert not same_incident(timeless(terms=seminary, admin2="Charsadda", place=None, lat=None, lon=None), key(terms=seminary))
    assert not same_incident(timeless(terms=seminary, event_type="bombing"), key(terms=seminary))
    assert not same_incident(timeless(terms=seminary, claimed_by=frozenset({"TTP"})),
                             key(terms=seminary, claimed_by=frozenset({"HGB"})))
    assert not same_incident(timeless(terms=seminary, place="Domel", lat=None, lon=None),
                             key(terms=seminary, place="Mandan", lat=None, lon=None))


def test_a_place_below_the_district_that_both_name_counts_as_shared_details():
    from incidentwatch.store.merge import shared_details

    assert shared_details(timeless(place="Domel"), key(place="Domel")) == 1
    assert not same_incident(timeless(place="Domel"), key(place="Domel"))  # one detail: not enough
    assert same_incident(timeless(place="Domel", terms=frozenset({"bazaar"})), key(place="Domel", terms=frozenset({"bazaar"})))
    assert shared_details(timeless(), key()) == 0  # the district's name is a key field, not a detail


def test_the_signature_is_not_part_of_a_key_identity():
    """A report stored before signatures finds its incident again on re-extraction."""
    assert key(terms=frozenset({"seminary"})) == key()


def test_a_shared_word_no_other_candidate_holds_counts_twice_at_the_same_depth():
    bank = frozenset({"bank"})
    assert same_incident(timeless(terms=bank), key(terms=frozenset({"bank", "mingora"})), unique=bank)
    assert not same_incident(timeless(terms=bank), key(terms=frozenset({"bank", "mingora"})))  # another incident holds it
    # a province-wide round-up is not the only incident of a district that it shares a word with
    roundup = timeless(terms=bank, admin2=None, place=None, lat=None, lon=None)
    assert not same_incident(roundup, key(terms=bank), unique=bank)
    assert same_incident(roundup, key(terms=bank, admin2=None, place=None, lat=None, lon=None), unique=bank)
    assert shared_details(timeless(terms=bank), key(terms=bank), unique=bank) == 2


def test_two_undated_reports_joined_by_their_publication_window_alone_must_share_a_detail():
    constable = key(date=None, published=date(2024, 7, 2), terms=frozenset({"gul", "nawaz"}))
    councillor = key(date=None, published=date(2024, 7, 4), terms=frozenset({"sher", "zaman"}))
    assert not same_incident(constable, councillor)
    assert same_incident(constable, key(date=None, published=date(2024, 7, 3), terms=frozenset({"nawaz"})))
    assert same_incident(constable, key(date=None, published=date(2024, 7, 3)))  # nothing to tell them apart by
    assert same_incident(constable, key(date=date(2024, 7, 2), terms=frozenset({"sher"})))  # a date: the days rule


def test_the_toll_is_a_shared_detail_but_two_undated_reports_are_not_apart_for_a_risen_toll():
    convoy = frozenset({"convoy", "13 killed"})
    province = timeless(terms=convoy, admin2=None, place=None, lat=None, lon=None)
    assert same_incident(province, key(terms=frozenset({"convoy", "13 killed", "islamist"})))
    assert not same_incident(province, key(terms=frozenset({"convoy", "9 killed"})))
    risen = key(date=None, published=date(2024, 7, 3), terms=frozenset({"8 killed"}))
    assert same_incident(key(date=None, published=date(2024, 7, 2), terms=frozenset({"5 killed"})), risen)


def test_a_place_any_report_of_the_incident_named_fits_it():
    """An incident whose place became Parachinar, another of its reports having named Lower
    Kurram: a report naming Lower Kurram fits it; one naming Sadda, which none named, does not."""
    incident = key(place="Parachinar", lat=None, lon=None, places=frozenset({"parachinar", "lower kurram"}))
    assert same_incident(key(place="Lower Kurram", lat=None, lon=None), incident)
    assert same_incident(incident, key(place="Lower Kurram", lat=None, lon=None))
    assert not same_incident(key(place="Sadda", lat=None, lon=None), incident)
    assert key(places=frozenset({"sadda"})) == key()  # not part of the key's identity


def test_dated_reports_a_few_days_apart_join_only_on_shared_details():
    from incidentwatch.store.merge import DETAIL_WINDOW_DAYS, needs_state, on_details

    bank = frozenset({"bank", "salary", "5 killed"})
    late = key(date=date(2024, 5, 15), terms=frozenset({"bank", "salary", "8 killed"}))
    assert same_incident(late, key(terms=bank)) and on_details(late, key(terms=bank))
    assert not same_incident(late, key(terms=frozenset({"bank"})))  # one detail is not enough
    assert not same_incident(key(date=date(2024, 5, 15)), key())  # nothing shared: the days rule
    too_late = key(date=date(2024, 5, 13 + DETAIL_WINDOW_DAYS + 1), terms=bank)
    assert not same_incident(too_late, key(terms=bank))
    # the key fields still rule
    assert not same_incident(key(date=date(2024, 5, 15), terms=bank, event_type="kidnapping"), key(terms=bank))
    assert not on_details(key(date=date(2024, 5, 14)), key())
    # the writer's candidate rows carry no places nor signature: when they could decide, it loads them
    assert needs_state(key(date=date(2024, 5, 15)), key())
    assert needs_state(key(place="Lower Kurram", lat=None, lon=None), key(place="Parachinar", lat=None, lon=None))
    assert not needs_state(key(), key())
    assert not needs_state(key(date=date(2024, 5, 15), event_type="kidnapping"), key())


def test_a_dated_background_mention_recalls_an_attack_of_the_days_before_its_article_on_shared_details():
    """A follow-up published ten days on dates the attack it recalls a week late ("last Friday"
    from the wrong day): it joins on what the two share, never on its days alone."""
    seminary = frozenset({"haqqania", "akora", "7 killed"})
    mention = key(date=date(2024, 5, 20), published=date(2024, 5, 23), background=True, terms=seminary)
    assert same_incident(mention, key(terms=frozenset({"haqqania", "akora", "8 killed"})))
    assert not same_incident(mention, key(terms=frozenset({"haqqania"})))
    assert not same_incident(mention, key(date=date(2024, 5, 24), terms=seminary))  # after the article
    main = key(date=date(2024, 5, 20), published=date(2024, 5, 23), terms=seminary)
    assert not same_incident(main, key(terms=seminary))  # a main report keeps its days


def test_a_report_placed_in_the_country_only_joins_on_shared_details():
    wire = key(admin2=None, admin1=None, place=None, lat=None, lon=None, terms=frozenset({"shahbaz", "checkpost", "6 killed"}))
    district = key(terms=frozenset({"shahbaz", "checkpost", "6 killed", "gunfight"}))
    assert same_incident(wire, district) and same_incident(district, wire)
    assert not same_incident(wire, key(terms=frozenset({"checkpost"})))  # one detail is not enough
    assert not same_incident(wire, key(country="AF", admin1="Khost", admin2=None, terms=district.terms))
    assert not same_incident(wire, key(terms=district.terms, date=date(2024, 5, 20)))


def test_a_report_that_mentions_the_place_another_names_fits_it():
    """"A convoy bound for Parachinar was attacked in Lower Kurram" and "the Parachinar convoy
    attack": one attack whichever comes first; a report that mentions neither place stays apart."""
    bound = key(place="Lower Kurram", lat=None, lon=None, terms=frozenset({"convoy", "parachinar"}))
    town = key(place="Parachinar", lat=None, lon=None, terms=frozenset({"convoy"}))
    assert same_incident(bound, town) and same_incident(town, bound)
    assert not same_incident(key(place="Sadda", lat=None, lon=None, terms=frozenset({"convoy"})), town)
    # the mention alone is not enough: the two must share another word
    assert not same_incident(key(place="Lower Kurram", lat=None, lon=None, terms=frozenset({"parachinar"})), town)


def test_a_place_both_name_counts_once_not_again_as_its_signature_word():
    """Two ISPR operations near Kulachi months apart share the tehsil's name and nothing else:
    the place is one shared detail, not two (merge.SAME_PLACE_WEIGHT)."""
    spring = key(date=None, published=None, place="Kulachi", event_type="security_operation", terms=frozenset({"kulachi", "sultan"}))
    winter = key(date=None, published=None, place="Kulachi", event_type="security_operation", terms=frozenset({"kulachi"}))
    assert shared_details(spring, winter) == 1
    assert not same_incident(spring, winter)
    assert same_incident(spring, replace(winter, terms=frozenset({"kulachi", "sultan"})))


def test_a_country_only_report_that_shares_nothing_joins_the_sole_or_dominant_incident_of_its_type():
    """"Suicide bombing in Pakistan kills 16 soldiers", and nothing more: the one suicide bombing
    of the country in its days, or the one nearly every outlet reports; two of equal weight, or
    none of its type, leave it alone."""
    headline = key(date=None, admin2=None, admin1=None, place=None, lat=None, lon=None, event_type="suicide_bombing",
                   published=date(2024, 5, 13), terms=frozenset({"16 killed"}))
    convoy = key(event_type="suicide_bombing", terms=frozenset({"convoy", "13 killed"}))
    stray = key(date=None, admin2="Kurram", place=None, lat=None, lon=None, event_type="suicide_bombing")
    assault = key(event_type="armed_assault")
    assert not same_incident(headline, convoy)  # no shared detail
    assert sole_candidate(headline, [(assault, 3), (convoy, 1)]) == 1
    assert sole_candidate(headline, [(stray, 1), (convoy, 7)]) == 1
    assert sole_candidate(headline, [(stray, 2), (convoy, 3)]) is None
    assert sole_candidate(headline, [(assault, 3)]) is None
    assert sole_candidate(headline, [(replace(convoy, date=date(2024, 5, 20)), 5)]) is None  # other days
    assert sole_candidate(replace(headline, admin1="Khyber Pakhtunkhwa"), [(convoy, 1)]) is None  # placed: the usual rules
    assert sole_candidate(replace(headline, event_type="other"), [(convoy, 1)]) is None
    # "two soldiers shot at a market": a detail of its own that the candidate does not share
    assert sole_candidate(replace(headline, terms=frozenset({"market", "16 killed"})), [(convoy, 1)]) is None


def test_a_timeless_report_placed_in_the_country_only_joins_on_shared_details():
    wire = key(date=None, published=None, admin2=None, admin1=None, place=None, lat=None, lon=None,
               terms=frozenset({"haqqania", "seminary"}))
    assert same_incident(wire, key(terms=frozenset({"haqqania", "seminary", "8 killed"})))
    assert not same_incident(wire, key(terms=frozenset({"seminary"})))


def test_a_complex_attack_told_as_a_suicide_bombing_and_as_an_assault_joins_on_shared_words():
    """"Suicide bombers attacked the air base" and the ISPR's "attack on the training air base
    foiled": one attack in one district and days when they share two words; not on a shared toll,
    not in another district, not days apart."""
    bombers = key(event_type="suicide_bombing", terms=frozenset({"airbase", "training", "3 killed"}))
    foiled = key(event_type="security_operation", terms=frozenset({"airbase", "training", "base"}))
    assert same_incident(bombers, foiled) and same_incident(foiled, bombers)
    assert not same_incident(bombers, replace(foiled, terms=frozenset({"airbase", "3 killed"})))
    assert not same_incident(bombers, replace(foiled, admin2="Lakki Marwat", lat=None, lon=None))
    assert not same_incident(bombers, replace(foiled, date=date(2024, 5, 16)))


def test_two_undated_reports_sharing_only_their_toll_are_not_apart():
    """Published the same day in one district, neither dated: "13 killed" in both is a shared
    detail (two attacks of a district seldom give one toll); differing tolls tell nothing."""
    convoy = key(date=None, terms=frozenset({"convoy", "13 killed"}))
    market = key(date=None, terms=frozenset({"khaddi", "market", "13 killed"}))
    assert same_incident(convoy, market) and same_incident(market, convoy)
    assert not same_incident(convoy, replace(market, terms=frozenset({"khaddi", "market", "9 killed"})))


def test_a_hijacking_and_the_operation_that_ended_it_join_on_shared_words():
    """The gold's rule: a hijacking and the rescue operation against it are one incident."""
    hijack = key(event_type="kidnapping", terms=frozenset({"mail", "mach"}))
    rescue = key(event_type="security_operation", date=date(2024, 5, 14), terms=frozenset({"mail", "mach", "20 killed"}))
    assert same_incident(hijack, rescue) and same_incident(rescue, hijack)
    assert not same_incident(hijack, replace(rescue, terms=frozenset({"mach"})))


def test_a_report_of_one_article_placed_in_the_province_restates_the_deeper_one_of_its_toll():
    body = key(terms=frozenset({"16 killed", "makeen"}))
    lead = key(admin2=None, place=None, lat=None, lon=None, event_type="other", terms=frozenset({"16 killed", "kuna"}))
    assert restated([lead, body]) == {0: 1}
    assert restated([lead, body, replace(body, place="Domel")]) == {}  # two deeper ones: which one is not told
    assert restated([replace(lead, terms=frozenset({"9 killed"})), body]) == {}  # another toll
    assert restated([replace(lead, admin1="Balochistan"), body]) == {}  # another province
    assert restated([replace(lead, background=True), body]) == {}


def test_a_bare_country_headline_is_taken_by_a_deeper_report_of_its_type_and_days():
    headline = key(admin1=None, admin2=None, place=None, lat=None, lon=None, event_type="suicide_bombing",
                   date=None, terms=frozenset({"16 killed"}))
    report = key(event_type="suicide_bombing", terms=frozenset({"13 killed", "convoy"}))
    assert bare_headline(report, headline)
    assert not bare_headline(report, replace(headline, terms=frozenset({"16 killed", "market"})))  # a detail of its own
    assert not bare_headline(replace(report, event_type="armed_assault"), headline)
    assert not bare_headline(replace(report, date=date(2024, 5, 20)), headline)
    assert not bare_headline(replace(report, background=True), headline)
