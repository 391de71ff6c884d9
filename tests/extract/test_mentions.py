"""Mention linking, rule by rule, on sentences written for these tests."""

A = "https://w3id.org/sahel-kg/id/actor/"
P = "https://w3id.org/sahel-kg/id/place/"


def actors(linker, text):
    return [(m.evidence.exact, m.iri.removeprefix(A), m.how) for m in linker.mentions(text, "t").actors]


def places(linker, text):
    return [(m.evidence.exact, m.iri.removeprefix(P), m.place_class)
            for m in linker.mentions(text, "t").places]


def test_names_aliases_and_acronyms_link_to_one_actor(linker):
    text = ("GSIM fighters and the Groupe de soutien à l'islam et aux musulmans were blamed; "
            "Jama'at Nasr al-Islam wal Muslimin denied it.")
    assert {iri for _, iri, _ in actors(linker, text)} == {"jnim"}


def test_a_misspelt_name_links_fuzzily(linker):
    found = actors(linker, "Yesterday Jamaat Nusrat al Islam wal Muslimen fighters attacked Boni.")
    assert ("Jamaat Nusrat al Islam wal Muslimen", "jnim", "fuzzy") in found


def test_acronyms_match_their_case_only(linker):
    assert [iri for _, iri, _ in actors(linker, "The SITE analysts confirmed it.")] == ["site-intelligence-group"]
    assert actors(linker, "The site of the attack was cordoned off.") == []


def test_demonym_descriptors_resolve_to_the_state_force(linker):
    found = actors(linker, "Burkinabe soldiers repelled the raid near Djibo.")
    assert found[0][:2] == ("Burkinabe soldiers", "burkina-faso-armed-forces")


def test_country_name_with_force_noun(linker):
    found = [a[:2] for a in actors(linker, "The Niger army said two posts were hit.")]
    assert ("Niger army", "niger-armed-forces") in found
    assert ("Chad army", "chad-armed-forces") not in [a[:2] for a in actors(linker, "The Chad army said it.")]


def test_generic_descriptor_takes_the_group_named_before(linker):
    text = "Ansarul Islam claimed the ambush. The militants then withdrew towards the border."
    assert ("The militants", "ansarul-islam", "descriptor") in actors(linker, text)


def test_patron_is_not_the_antecedent(linker):
    text = "The al-Qaeda-linked Katiba Macina attacked Dinangourou. The group said it lost no men."
    found = actors(linker, text)
    assert ("al-Qaeda", "al-qaeda", "patron") in found
    assert ("The group", "katiba-macina", "descriptor") in found


def test_junta_is_the_government_of_the_documents_country(linker):
    text = "In Niamey, the ruling junta closed the border with Benin. Niger said nothing more."
    assert ("the ruling junta", "cnsp", "descriptor") in actors(linker, text)


def test_state_named_as_a_location_is_not_an_actor(linker):
    found = actors(linker, "Fighting continued in central Mali. Mali and Niger signed a pact.")
    assert [text for text, _, _ in found] == ["Mali", "Niger"]
    assert found[0][1] == "state-mali"


def test_unknown_named_group_becomes_a_new_flagged_actor(linker):
    mentions = linker.mentions("The Katiba Hanifa militants, a jihadist unit, raided Tessit.", "t").actors
    new = [m for m in mentions if not m.in_reference]
    assert [(m.label, m.actor_class) for m in new] == [("Katiba Hanifa", "ArmedGroup")]


def test_person_with_role(linker):
    mentions = linker.mentions("A suicide bomber named Abu Talha al-Liby drove the truck.", "t").actors
    person = next(m for m in mentions if m.actor_class == "Person")
    assert (person.label, person.role, person.in_reference) == ("Abu Talha al-Liby", "suicide bomber", False)


def test_towns_link_to_the_gazetteer_and_prefer_the_documents_country(linker):
    found = places(linker, "Gunmen attacked Gao, near Ansongo, in Mali.")
    assert ("Gao", "geonames/2457163", "PopulatedPlace") in found   # Gao in Mali, not Gao in Burkina


def test_region_when_followed_by_region(linker):
    assert ("Mopti", "iso/ML-5", "Admin1Region") in places(linker, "Mali: violence spread in the Mopti region.")


def test_variant_spelling_of_a_town(linker):
    found = places(linker, "Troops reached the Niafounke camp at dawn in Mali.")
    assert ("Niafounke", "geonames/2452830", "PopulatedPlace") in found


def test_camp_becomes_an_installation_located_in_the_town(linker):
    mentions = linker.mentions("Jihadists attacked the military camp of Boulkessi in Mali.", "t").places
    camp = next(m for m in mentions if m.place_class == "MilitaryInstallation")
    assert camp.part_of.startswith(P) and camp.label.endswith("military camp")


def test_place_missing_from_the_gazetteer_is_placed_in_the_named_region(linker):
    mentions = linker.mentions("Militants raided Wanzerbe, located in the Tillabéri region of Niger.", "t").places
    new = next(m for m in mentions if not m.in_reference and m.place_class == "PopulatedPlace")
    assert (new.label, new.part_of.removeprefix(P), new.country) == ("Wanzerbe", "iso/NE-6", "NE")


def test_place_names_inside_longer_names_are_not_places(linker):
    text = "A boat sank on the Niger River near the Alliance of Sahel States summit."
    found = [name for name, _, _ in places(linker, text)]
    assert "Niger" not in found and "Sahel" not in found


def test_the_sahel_is_the_broad_area_not_burkinas_sahel_region(linker):
    found = places(linker, "Violence has spread across the Sahel since 2015, from Mali to Niger.")
    assert ("Sahel", "area/sahel", "Place") in found


def test_the_sahel_region_of_burkina_faso(linker):
    found = places(linker, "In Burkina Faso, Djibo lies in the Sahel region, near Arbinda in Burkina Faso.")
    assert ("Sahel", "iso/BF-12", "Admin1Region") in found


def test_a_demonym_before_border_names_the_country(linker):
    assert ("Algerian", "iso/DZ", "Country") in places(linker, "Rebels fled towards the Algerian border.")


def test_rivers_and_broad_areas_are_places(linker):
    found = places(linker, "A ferry was attacked on the Niger River in the Liptako-Gourma.")
    assert {("Niger River", "area/niger-river"), ("Liptako-Gourma", "area/liptako-gourma")} <= {f[:2] for f in found}


def test_a_ministry_missing_from_the_reference_is_a_new_government_body(linker):
    mentions = linker.mentions("According to the Nigerien Ministry of Defence, 71 soldiers died.", "t").actors
    body = next(m for m in mentions if not m.in_reference)
    assert (body.label, body.actor_class) == ("Ministry of Defence (Niger)", "GovernmentBody")


def ministries(linker, text):
    return [(m.evidence.exact, m.label) for m in linker.mentions(text, "t").actors if m.actor_class == "GovernmentBody"
            and not m.in_reference]


def test_every_wording_of_one_ministry_is_one_body(linker):
    found = ministries(linker, "Burkina Faso's security ministry said 9 police officers died near Kaya. "
                               "The Ministry of Security later raised the toll, the ministry said.")
    assert found == [("Burkina Faso's security ministry", "Ministry of Security (Burkina Faso)"),
                     ("Ministry of Security", "Ministry of Security (Burkina Faso)"),
                     ("the ministry", "Ministry of Security (Burkina Faso)")]


def test_a_ministry_without_a_country_takes_the_documents(linker):
    found = ministries(linker, "Gunmen attacked a patrol near Ansongo in Mali, the defence ministry said.")
    assert found == [("defence ministry", "Ministry of Defence (Mali)")]


def test_a_bare_ministry_with_nothing_before_it_is_no_actor(linker):
    assert ministries(linker, "The ministry said 4 soldiers died near Gao in Mali.") == []


def test_a_place_naming_an_organisations_scope_is_no_place(linker):
    found = places(linker, "JNIM, al-Qaeda's Sahel branch, attacked Djibo in Burkina Faso.")
    assert "Sahel" not in {f[0] for f in found}


def test_a_possessive_patron_is_not_the_group_that_acts(linker):
    actors = linker.mentions("JNIM, al-Qaeda's Sahel branch, attacked Djibo in Burkina Faso.", "t").actors
    # the aside names JNIM again (al-Qaeda's branch in the reference), never al-Qaeda acting
    groups = [(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in actors if m.actor_class == "ArmedGroup"]
    assert groups == [("JNIM", "jnim"), ("al-Qaeda's Sahel branch", "jnim")]


def test_new_place_followed_by_a_verb(linker):
    mentions = linker.mentions("An attack on the camp at Tabankort killed 20 soldiers in Mali.", "t").places
    assert "Tabankort" in {m.label for m in mentions if not m.in_reference}


def test_demonyms_are_not_new_places(linker):
    mentions = linker.mentions("Gunmen attacked Malian forces and Senegalese traders in Kayes.", "t").places
    assert not [m for m in mentions if not m.in_reference]


def test_demonyms_are_reference_data_not_code(reference):
    from dataclasses import replace as copy_with

    from kg.extract.mentions import Linker

    text = "Faso-born soldiers repelled the raid near Djibo."
    expected = ("Faso-born soldiers", "burkina-faso-armed-forces", "descriptor")
    assert expected not in actors(Linker(reference), text)
    extended = copy_with(reference, demonyms={**reference.demonyms, "faso-born": "BF"})
    assert expected in actors(Linker(extended), text)


def test_a_neighbours_border_names_the_country(linker):
    found = places(linker, "Fighters crossed the Ivorian border overnight.")
    assert ("Ivorian", "iso/CI", "Country") in found


def test_an_unclaimed_attack_takes_no_attacker_named_later(linker):
    text = "The attackers killed 20 villagers in Mali. No group has claimed responsibility. JNIM is active nearby."
    actors = linker.mentions(text, "t").actors
    assert not any(m.evidence.exact == "The attackers" for m in actors)


def test_a_headline_descriptor_may_refer_forward_to_the_group_named_next(linker):
    actors = linker.mentions("Militants storm base in Mali\nJNIM said it seized the base at Boni.", "t").actors
    assert ("Militants", "jnim") in {(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in actors}


def test_a_new_place_is_recognised_wherever_its_name_recurs(linker):
    text = "Attack on Kourakou\nGunmen attacked the village of Kourakou in Mali on Monday."
    found = [m.evidence.start for m in linker.mentions(text, "t").places if m.label == "Kourakou"]
    assert found == [10, text.index("Kourakou", 20)]


def test_unnamed_sources_are_collective_sources_but_not_as_modifiers(linker):
    def sources(text):
        return [(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in linker.mentions(text, "t").actors
                if m.actor_class == "CollectiveSource"]

    assert sources("Two local officials said 9 people died in Ansongo.") == [("local officials", "local-officials")]
    assert sources("A youth leader put the toll at 12.") == [("A youth leader", "local-leaders")]
    assert sources("An official statement is expected; the governor's house was burnt.") == []
    assert sources("The governor's office said the army had been deployed.") == [
        ("The governor's office", "local-authorities")]


def test_a_country_named_only_by_demonyms_places_a_new_town(linker):
    text = "Malian soldiers clashed with rebels in the village of Intahaka near the Algerian border."
    (town,) = [m for m in linker.mentions(text, "t").places if m.label == "Intahaka"]
    assert town.country == "ML"


def test_a_new_place_is_never_read_across_a_line_break(linker):
    text = "Arbinda: the detachment attacked\nArmed men stormed the camp in Burkina Faso."
    assert "Armed" not in {m.label for m in linker.mentions(text, "t").places}


def test_a_patrons_affiliate_is_the_affiliate_the_document_names(linker):
    text = "Al-Qaeda's Sahel affiliate said it killed 9 soldiers in Boni. JNIM often strikes in Mali."
    actors = linker.mentions(text, "t").actors
    assert ("Al-Qaeda's Sahel affiliate", "jnim") in {(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in actors}


def test_a_patrons_affiliate_stays_unresolved_when_the_document_names_none(linker):
    actors = linker.mentions("Al-Qaeda's Sahel affiliate said it killed 9 soldiers in Boni.", "t").actors
    assert not any(m.evidence.exact.startswith("Al-Qaeda's Sahel") and m.how == "descriptor" for m in actors)


def test_the_islamic_states_news_agency_is_a_media_outlet_of_the_group(linker, reference):
    (amaq,) = [m for m in linker.mentions("IS claimed it through its Amaq news agency.", "t").actors
               if m.actor_class == "MediaOutlet"]
    assert amaq.iri.endswith("/amaq")
    assert (amaq.iri, "https://w3id.org/sahel-kg/id/actor/islamic-state") in reference.relations["mediaWingOf"]


def test_the_general_staff_is_the_general_staff_of_the_documents_country(linker):
    def staff(text):
        return [(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in linker.mentions(text, "t").actors
                if m.actor_class == "GovernmentBody"]

    assert staff("Troops clashed with militants near Gao in Mali, the army general staff said.") == [
        ("the army general staff", "mali-general-staff")]
    assert staff("Troops clashed with militants near Téra in Niger, the general staff said.") == [
        ("the general staff", "niger-general-staff")]
    # "Mali's army general staff" in a document about Burkina Faso: Mali's, not the document's
    assert staff("Fighting near Djibo in Burkina Faso. Mali's army general staff said nothing.") == [
        ("Mali's army general staff", "mali-general-staff")]


def test_a_multi_word_village_after_a_settlement_word_is_a_new_place(linker):
    text = "A drone hit a market near the village of Tin Abao Kora, north of Ménaka, on Friday."
    assert "Tin Abao Kora" in {m.label for m in linker.mentions(text, "t").places}
    # without the settlement word, only one-word names are read
    text = "Fighting was reported near Tin Abao Kora on Friday."
    assert "Tin Abao Kora" not in {m.label for m in linker.mentions(text, "t").places}


def test_new_places_named_by_a_garrison_an_area_a_distance_or_a_road(linker):
    def new(text):
        return sorted({m.label for m in linker.mentions(text, "t").places
                       if not m.in_reference and m.place_class == "PopulatedPlace"})

    assert new("Fuel reached the Dialloubé garrison in Mali.") == ["Dialloubé"]
    assert new("Strikes hit the area of Nampala in Mali.") == ["Nampala"]
    assert new("The convoy was hit about 12 km from Toguéré in Mali.") == ["Toguéré"]
    assert new("Mines are laid on the Douentza-Toguéré axis in Mali.") == ["Toguéré"]   # Douentza is a gazetteer town


def test_acronyms_and_possessives_are_no_new_places(linker):
    labels = {m.label for m in linker.mentions("Soldiers died in IED blasts in Mali; in Monday's attack "
                                              "in Mali two more died.", "t").places}
    assert not labels & {"IED", "Monday's"}


def test_a_parents_fighters_are_its_affiliate_the_text_names(linker):
    text = ("Islamic State militants attacked Téra in Niger. The Islamic State Sahel Province claimed it. "
            "Attacks by groups linked to Islamic State go on.")
    found = [(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in linker.mentions(text, "t").actors
             if m.actor_class == "ArmedGroup"]
    assert ("Islamic State", "issp") in found and ("Islamic State", "islamic-state") in found


def test_the_army_of_a_roundups_paragraph_is_the_army_of_that_paragraphs_country(linker):
    text = ("Weekly security roundup\n"
            "In Mali, gunmen attacked a convoy near Gao on Monday; the army said two soldiers died.\n"
            "In Burkina Faso, the army said it repelled an attack on Djibo and Dori on Tuesday.\n"
            "Mali's junta meanwhile met ECOWAS envoys in Bamako.")
    armies = [(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in linker.mentions(text, "t").actors
              if m.evidence.exact == "the army"]
    assert armies == [("the army", "fama"), ("the army", "burkina-faso-armed-forces")]


def test_a_heading_without_a_full_stop_still_names_its_town(linker):
    text = "Bulletin\n\nDrone strike on a water point near Bani Bangou\n\nOn 3 March, a drone hit a well."
    assert [m.evidence.exact for m in linker.mentions(text, "t").places] == ["Bani Bangou"]


def test_a_new_village_is_in_the_country_of_its_paragraph(linker):
    text = ("Bulletin on Burkina Faso and Niger\n"
            "In Burkina Faso, gunmen attacked Djibo and Dori on Monday.\n"
            "A drone hit the village of Tin Gara, north of Ouallam and Tillabéri, on Tuesday.")
    (village,) = [m for m in linker.mentions(text, "t").places if m.label == "Tin Gara"]
    assert village.country == "NE"


def test_a_paragraph_naming_no_place_goes_on_about_the_country_before(linker):
    text = ("Bulletin on Burkina Faso and Niger\n"
            "In Burkina Faso, gunmen attacked Djibo and Dori on Monday.\n\n"
            "A drone hit a market near Ouallam on Tuesday.\n\n"
            "The army denied that civilians were harmed.")
    armies = [m.iri.rsplit("/", 1)[-1] for m in linker.mentions(text, "t").actors if m.evidence.exact == "The army"]
    assert armies == ["niger-armed-forces"]


def test_a_patrons_sahel_branch_is_its_sahel_affiliate_even_unnamed(linker):
    def groups(text):
        return {(m.evidence.exact, m.iri.rsplit("/", 1)[-1]) for m in linker.mentions(text, "t").actors
                if m.actor_class == "ArmedGroup"}

    assert ("Islamic State’s Sahel branch", "issp") in groups(
        "Fighters of the Islamic State’s Sahel branch overran a camp near Ayorou.")
    assert ("Islamic State group's Sahel affiliate", "issp") in groups(
        "The Islamic State group's Sahel affiliate said it carried out the raid.")
    assert ("al Qaeda's affiliate in the Sahel", "jnim") in groups(
        "The al Qaeda's affiliate in the Sahel said it had killed 12 soldiers.")
