"""Event detection and typing, on short articles written for these tests."""

from tests.extract.conftest import make_document


def events(extractor, text, published="2024-03-10"):
    x = extractor.extract(make_document(text, published))
    return [(e.sub_event_type, e.date and e.date.earliest.isoformat(), e.place and e.place.label,
             sorted(a.iri.rsplit("/", 1)[-1] for a in e.attackers),
             sorted(t.iri.rsplit("/", 1)[-1] for t in e.targets)) for e in x.events]


def test_wire_story_one_incident_mentioned_twice_is_one_event(extractor):
    text = ("Jihadists attack army post in Mali\n"
            "Gunmen from Ansarul Islam attacked an army post in Djenné on Friday, security sources said. "
            "The attack on the Djenné post lasted two hours.")
    found = events(extractor, text)
    assert len(found) == 1
    assert found[0][:2] == ("armed-clash", "2024-03-08")
    assert found[0][2] == "Djenné military camp"   # "an army post in Djenné": an installation
    assert found[0][3] == ["ansarul-islam"]


def test_taking_a_base_is_non_state_actor_overtakes_territory(extractor):
    text = "JNIM fighters stormed the military camp of Boni on Saturday and took control of the camp."
    (event,) = events(extractor, text)
    assert event[0] == "non-state-actor-overtakes-territory" and event[1] == "2024-03-09"


def test_suicide_vehicle_alone_is_a_suicide_bomb(extractor):
    (event,) = events(extractor, "A suicide car bomb exploded at the gates of a base in Gao on Tuesday.")
    assert event[:3] == ("suicide-bomb", "2024-03-05", "Gao military camp")


def test_mortar_fire_is_shelling(extractor):
    (event,) = events(extractor, "Mortar shells hit the airport of Timbuktu on 2 March.")
    assert event[0] == "shelling-artillery-missile-attack" and event[1] == "2024-03-02"


def test_an_attack_named_by_its_remote_weapon_is_no_clash(extractor):
    text = ("Ansarul Islam claimed responsibility for attacks on the gendarmerie in Djibo on Monday. "
            "The group said it had fired rockets at the gendarmerie building.")
    (event,) = events(extractor, text)
    assert event[0] == "shelling-artillery-missile-attack"


def test_an_ied_attack_is_an_ied_and_gunfire_with_it_is_a_clash(extractor):
    (bomb,) = events(extractor, "An IED attack on a convoy near Boni killed three soldiers on Sunday.")
    assert bomb[0] == "remote-explosive-landmine-ied"
    (fight,) = events(extractor, "A roadside bomb hit a convoy near Boni on Sunday, followed by heavy gunfire.")
    assert fight[0] == "armed-clash"


def test_a_bare_attack_is_a_clash(extractor):
    (event,) = events(extractor, "Gunmen attacked the army post in Djenné on Friday.")
    assert event[0] == "armed-clash"


def test_massacre_of_civilians_is_violence_against_civilians(extractor):
    (event,) = events(extractor, "In Ogossagou, gunmen massacred civilians on 23 March 2019.", "2019-03-25")
    assert event[:3] == ("attack", "2019-03-23", "Ogossagou")


def test_highest_ranked_tactic_wins(extractor):
    text = "On 5 March, JNIM used a suicide vehicle before fighters assaulted the camp at Léré."
    (event,) = events(extractor, text)
    assert event[0] == "armed-clash"


def test_two_towns_in_one_sentence_are_two_events_of_one_campaign(extractor):
    x = extractor.extract(make_document(
        "On 5 March, militants launched coordinated attacks on army posts in Diafarabé and Ténenkou."))
    assert sorted(e.place.label for e in x.events) == ["Diafarabé", "Ténenkou"]
    assert len({e.campaign for e in x.events}) == 1 and x.events[0].campaign


def test_background_incident_with_its_own_date_is_its_own_event(extractor):
    text = ("Militants attacked the town of Bourem on Monday. "
            "In January, JNIM had attacked a convoy near Tessit.")
    found = sorted(events(extractor, text), key=lambda e: e[1])
    assert [(e[1], e[2]) for e in found] == [("2024-01-01", "Tessit"), ("2024-03-04", "Bourem")]


def test_trend_sentences_are_not_incidents(extractor):
    assert events(extractor, "Attacks by jihadist groups have intensified across the Sahel since 2012.") == []


def test_the_army_attacking_is_the_attacker(extractor):
    (event,) = events(extractor, "The Malian army attacked militant positions in Dioura on Sunday.")
    assert event[3] == ["fama"]


def test_a_statement_about_the_army_does_not_make_it_the_attacker(extractor):
    text = "JNIM attacked the camp in Nampala on Sunday. The Malian army said it repelled the attack."
    (event,) = events(extractor, text)
    assert (event[3], event[4]) == (["jnim"], ["fama"])


def test_event_without_resolvable_date_keeps_no_date(extractor):
    (event,) = events(extractor, "Militants attacked a checkpoint in Koro on Friday.", published=None)
    assert event[1] is None


def test_retaking_a_town_is_government_regains_territory(extractor):
    (event,) = events(extractor, "The army announced the recapture of Léré in Mali two days ago.")
    assert event[:2] == ("government-regains-territory", "2024-03-08")


def test_soldiers_killed_in_the_passive_are_not_attackers(extractor):
    text = ("Fighters of Ansarul Islam attacked Djibo in Burkina Faso on Friday. "
            "Ten soldiers were killed in the attack.")
    (event,) = events(extractor, text)
    assert (event[3], event[4]) == (["ansarul-islam"], ["burkina-faso-armed-forces"])


def test_the_date_of_a_statement_is_not_the_date_of_the_incident(extractor):
    text = "Militants attacked a post in Gao in Mali on Sunday, the army said on Monday."
    (event,) = events(extractor, text)
    assert event[1] == "2024-03-10"   # published Sunday 2024-03-10: "on Sunday" is that day


def test_storming_a_post_is_an_attack_not_a_takeover(extractor):
    (event,) = events(extractor, "Gunmen stormed a military post in Djibo in Burkina Faso on Friday.")
    assert event[0] == "armed-clash"


def test_headline_passive_does_not_make_soldiers_attackers(extractor):
    text = ("Soldiers killed in attack on army post in Djibo\n"
            "Ansarul Islam fighters attacked the army post in Djibo in Burkina Faso on Friday.")
    (event,) = events(extractor, text)
    assert event[3] == ["ansarul-islam"] and event[4] == ["burkina-faso-armed-forces"]


def test_the_army_killing_militants_is_the_attacker(extractor):
    (event,) = events(extractor, "The Malian army killed 12 militants in an attack near Nara in Mali on Friday.")
    assert event[3] == ["fama"]


# -- generalisation rules found on unseen-style reports (sentences written for these tests) ----

def test_a_town_named_as_the_area_around_the_site_is_no_second_site(extractor):
    text = "Gunmen attacked the village of Kourakou, in the Ségou region, on Monday, killing 12 villagers."
    found = events(extractor, text)
    assert [(e[0], e[2]) for e in found] == [("attack", "Kourakou")]


def test_a_headline_label_before_a_colon_is_the_setting(extractor):
    text = ("Ségou: gunmen attack Kourakou\n"
            "Gunmen attacked the village of Kourakou on Monday, killing 12 villagers.")
    assert [e[2] for e in events(extractor, text)] == ["Kourakou"]


def test_a_border_names_an_area_not_the_incidents_country(extractor):
    text = "Army drones strike near Algerian border\nMalian army drones struck a convoy in Tessalit on Sunday."
    found = events(extractor, text)
    assert [(e[0], e[2], e[3]) for e in found] == [("air-drone-strike", "Tessalit", ["fama"])]


def test_a_strike_by_the_army_makes_the_army_the_attacker(extractor):
    text = "Rebels said a drone strike by the Malian army had killed 8 civilians in Ber on Sunday."
    ((kind, _d, _p, attackers, targets),) = events(extractor, text)
    assert (kind, attackers, targets) == ("air-drone-strike", ["fama"], [])


def test_the_accused_attacks_and_the_accuser_is_no_party(extractor):
    text = "The FLA accused the army of killing 15 civilians in Aguelhok on Tuesday."
    ((_k, _d, _p, attackers, targets),) = events(extractor, text)
    assert (attackers, targets) == (["fama"], [])


def test_a_group_claiming_its_own_attack_stays_the_attacker(extractor):
    text = "JNIM said its fighters attacked Malian soldiers in Léré on Tuesday."
    ((_k, _d, _p, attackers, targets),) = events(extractor, text)
    assert (attackers, targets) == (["jnim"], ["fama"])


def test_an_attack_on_a_village_with_no_force_is_violence_against_civilians(extractor):
    (event,) = events(extractor, "Armed men attacked the village of Sirakoro on Friday, killing 9 people.")
    assert event[0] == "attack"


def test_a_background_sentence_about_an_area_adds_no_attacker(extractor):
    text = ("Gunmen killed 20 villagers in Diallassagou in Mali on Sunday. No group has claimed the attack. "
            "The area has seen repeated attacks by JNIM.")
    ((_k, _d, place, attackers, _t),) = events(extractor, text)
    assert (place, attackers) == ("Diallassagou", [])


def test_an_ambush_between_two_towns_is_one_incident_at_the_end_the_text_returns_to(extractor):
    text = ("Fighters ambushed a convoy between Douentza and Boni in Mali on Monday. "
            "The army said the attack near Boni was repelled.")
    assert [e[2] for e in events(extractor, text)] == ["Boni"]


def test_a_route_named_once_is_placed_at_its_first_town(extractor):
    text = "Militants ambushed a convoy on the road between Douentza and Boni in Mali on Monday."
    assert [e[2] for e in events(extractor, text)] == ["Douentza"]


def test_a_headline_summing_up_two_incidents_does_not_type_either(extractor):
    text = ("Burkina Faso: villagers kidnapped, soldiers killed by roadside bomb\n"
            "Gunmen abducted 14 villagers near Kaya on Monday. In a separate incident, four soldiers were "
            "killed when their truck hit an improvised explosive device near Dori on Tuesday.")
    assert [(e[0], e[2]) for e in events(extractor, text)] == [
        ("abduction-forced-disappearance", "Kaya"), ("remote-explosive-landmine-ied", "Dori")]


def test_the_day_a_group_claimed_responsibility_is_not_the_day_of_the_attack(extractor):
    text = ("The group claimed responsibility on Thursday for an attack on an army post in Ayorou in Niger "
            "on the night of Tuesday to Wednesday.")
    (event,) = events(extractor, text, published="2024-04-11")
    assert event[1] == "2024-04-09"


def test_an_ied_striking_a_convoy_is_an_ied_not_a_clash(extractor):
    (event,) = events(extractor, "An IED struck a Malian army convoy near Douentza on Friday, killing 3 soldiers.")
    assert event[0] == "remote-explosive-landmine-ied"


def test_an_attack_on_a_gold_mine_is_no_landmine(extractor):
    (event,) = events(extractor, "Gunmen attacked a gold mine near Kaya on Friday, killing 6 miners.")
    assert event[0] != "remote-explosive-landmine-ied"


def test_a_roundup_sentence_is_no_incident_and_its_toll_is_about_none(extractor):
    text = ("At least 40 people were killed in a series of attacks across central Mali this week. "
            "On Monday, gunmen attacked the village of Sofara in Mali, killing 9 civilians.")
    x = extractor.extract(make_document(text, "2024-10-12"))
    assert [e.place.label for e in x.events] == ["Sofara"]
    toll = next(c for c in x.claims if c.figures and c.figures[0].low == 40)
    assert toll.event_key is None


def test_a_descriptor_does_not_reach_forward_past_another_incident(extractor):
    text = ("On Monday, suspected jihadists attacked Sofara in Mali, killing 9 civilians. "
            "On Wednesday, JNIM said its fighters killed 12 soldiers in Boni.")
    found = {e[2]: e[3] for e in events(extractor, text, published="2024-10-12")}
    assert found["Sofara"] == [] and found["Boni"] == ["jnim"]


def test_a_group_killing_soldiers_at_a_town_is_an_incident_there(extractor):
    (event,) = events(extractor, "JNIM said its fighters killed 12 soldiers in Boni on Wednesday.", "2024-10-12")
    assert event[:3] == ("armed-clash", "2024-10-09", "Boni") and event[3] == ["jnim"]


def test_a_drone_had_struck_is_an_air_strike_by_the_state(extractor):
    (event,) = events(extractor, "Residents said a drone had struck a market in Ber in Mali on Sunday, "
                                 "killing 5 civilians, and accused the Malian army.")
    assert event[0] == "air-drone-strike" and event[3] == ["fama"]


def test_the_armys_air_strikes_on_a_group_make_the_army_the_attacker(extractor):
    (event,) = events(extractor, "The Malian army said its air assets conducted strikes on JNIM positions "
                                 "near Léré on Saturday.")
    assert (event[0], event[3], event[4]) == ("air-drone-strike", ["fama"], ["jnim"])


def test_a_groups_own_drone_keeps_the_group_attacking(extractor):
    (event,) = events(extractor, "JNIM drones struck the army camp at Boulkessi in Mali on Sunday.")
    assert (event[0], event[3]) == ("air-drone-strike", ["jnim"])


def test_vehicles_blown_up_near_a_town_are_an_ied(extractor):
    (event,) = events(extractor, "JNIM said it had blown up two army trucks near Boni in Mali on Sunday.")
    assert event[0] == "remote-explosive-landmine-ied"


def test_soldiers_killed_in_the_passive_make_an_incident(extractor):
    (event,) = events(extractor, "Seven soldiers were killed near Kaya in Burkina Faso on Friday.")
    assert event[:3] == ("armed-clash", "2024-03-08", "Kaya")


def test_a_revised_toll_gives_no_date_to_the_incident(extractor):
    (event,) = events(extractor, "The army on Thursday raised the toll of the attack on Kaya in Burkina Faso "
                                 "on Monday to 9.", published="2024-03-08")
    assert event[1] == "2024-03-04"


def test_the_capital_a_distance_is_measured_from_is_no_site(extractor):
    text = "Gunmen attacked Ayorou in Niger, about 200 km north-west of the capital Niamey, on Monday."
    assert [e[2] for e in events(extractor, text)] == ["Ayorou"]


def test_an_axis_between_two_towns_is_one_incident(extractor):
    text = "An IED struck a convoy on the Douentza-Boni axis in Mali on Sunday. The convoy was heading to Boni."
    assert [e[2] for e in events(extractor, text)] == ["Boni"]


def test_a_headline_gives_roles_only_when_the_incident_gives_none(extractor):
    text = ("Jihadists claim convoy attack as villagers accuse army over drone strike\n"
            "JNIM said it blew up an army convoy near Boni in Mali on Sunday.")
    ((_k, _d, _p, attackers, _t),) = events(extractor, text)
    assert attackers == ["jnim"]


def test_a_failed_attempt_to_overrun_a_post_is_a_clash(extractor):
    (event,) = events(extractor, "Fighters attempted to overrun the army post in Djibo on Sunday.")
    assert event[0] == "armed-clash"
    (event,) = events(extractor, "Fighters overran the army post in Djibo on Sunday.")
    assert event[0] == "non-state-actor-overtakes-territory"


def test_the_ends_of_a_journey_are_no_site(extractor):
    text = "A bus travelling from Gao towards Ansongo struck an explosive device near Bourem on Sunday."
    (event,) = events(extractor, text)
    assert event[0] == "remote-explosive-landmine-ied" and event[2] == "Bourem"
    # with no other place, the journey's end is where it happened
    (event,) = events(extractor, "A bus travelling from Gao struck a landmine on Sunday.")
    assert event[2] == "Gao"


def test_a_placeless_cue_with_a_date_joins_that_days_incident(extractor):
    text = ("Two attacks in Mali\nA drone strike hit a camp near Ménaka on Tuesday. On Sunday, gunmen ambushed a "
            "patrol near Ansongo. "
            "Residents say the missiles struck on Tuesday morning a water point.")
    found = events(extractor, text)
    assert [(e[0], e[2]) for e in found] == [("air-drone-strike", "Ménaka"), ("armed-clash", "Ansongo")]


def test_the_same_day_is_the_day_just_named(extractor):
    text = "The army announced on Monday that drone strikes carried out the same day near Ménaka killed 12 militants."
    (event,) = events(extractor, text)
    assert event[:2] == ("air-drone-strike", "2024-03-04")


def test_taking_away_passengers_is_an_abduction(extractor):
    (event,) = events(extractor, "Armed men stopped a bus near Djibo on Friday and took away 12 passengers.")
    assert event[0] == "abduction-forced-disappearance"
    (event,) = events(extractor, "Gunmen stopped a bus near Djibo on Friday; the kidnappers fled with nine men.")
    assert event[0] == "abduction-forced-disappearance"


def test_an_appeal_reports_no_incident(extractor):
    text = ("Gunmen killed five villagers near Djibo on Friday. The league calls for an inquiry into the Djibo "
            "killings and urges armed groups to stop attacks on civilians in Arbinda.")
    found = events(extractor, text)
    assert [e[2] for e in found] == ["Djibo"]
    # an appeal that reports a dated incident still reports it
    (event,) = events(extractor, "The governor urged calm after militants attacked Gao on Monday.")
    assert event[1:3] == ("2024-03-04", "Gao")


def test_a_town_the_site_is_north_of_is_a_landmark(extractor):
    text = "Militants attacked the village of Tin Abao Kora, north of Ménaka, on Friday."
    (event,) = events(extractor, text)
    assert event[2] == "Tin Abao Kora"


def test_a_section_heading_joins_the_incident_its_paragraph_reports(extractor):
    text = ("Weekly bulletin\n\nAbduction on the Djibo road\n\nOn 3 March, armed men took away nine passengers near "
            "Arbinda.\n\nDrone strike near Ménaka\n\nNothing is known yet.\n\nOn 5 March, gunmen attacked Gao.")
    found = events(extractor, text)
    assert [(e[0], e[1], e[2]) for e in found] == [
        ("abduction-forced-disappearance", "2024-03-03", "Aribinda"),
        ("air-drone-strike", None, "Ménaka"),            # its paragraph reports nothing: it stands alone
        ("armed-clash", "2024-03-05", "Gao")]


def test_a_village_measured_from_the_incidents_town_pinpoints_it(extractor):
    text = ("Army strikes near Ménaka\nA drone strike hit militants near Ménaka on Tuesday, the army said. "
            "It said the strikes targeted a camp near the village of Tin Gara, 30 km north of Ménaka.")
    (event,) = events(extractor, text)
    assert event[:3] == ("air-drone-strike", "2024-03-05", "Tin Gara")


def test_an_incident_the_text_places_nowhere_is_placed_at_the_documents_country(extractor):
    text = ("Mali: violence continues\n\nGunmen attacked a patrol near Gao on 2 March. "
            "On 6 March, militants ambushed a convoy, the army said. Mali has been in crisis since 2012.")
    found = events(extractor, text)
    assert [(e[1], e[2]) for e in found] == [("2024-03-02", "Gao"), ("2024-03-06", "Mali")]
    # no country named at all: an incident nowhere is no event
    assert events(extractor, "Violence\n\nOn 6 March, militants ambushed a convoy, the army said.") == []
