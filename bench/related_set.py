"""Labelled development set for the "related passages" engine (no code beyond its check).

What it is: pairs of claim-sized quotes from two different articles of the bundled corpus
(corpus/articles, referred to by their prefixes "000".."004") that an analyst comparing the
reports would want to read together: the same fact, event or statement told twice, one
supporting, contradicting or updating the other (a withdrawal planned in 000 against "we're
no longer pulling out" in 001 and the back-pedalling of 004). Beside them, look-alikes that
must not rank high for a query: passages that share a word, a person, a place, a title or a
figure with it but tell another fact, and some junk lines (datelines, captions, photo
credits, fragments).

How it was made: by reading the five articles in full, not by looking at what the engine
(or any other ranker) returns. The first 35 pairs are PUBLIC_PAIRS, EXTRA_PAIRS and
LATER_PAIRS of bench/related_bench.py copied unchanged, each given a kind here; the rest were
found by reading. The articles are of different dates (none is dated in its text; these are
the dates of the events they report), which is why many pairs are updates: 002 (May 2017,
safe zones, about 500 US troops), 003 (September 2017, the At Tanf outpost, Deir Ezzor), 001
(September 2018, staying until Iran leaves, Idlib), 000 (December 2018, the withdrawal
planned) and 004 (about two weeks later, the back-pedalling, Manbij).

Kinds (each pair has exactly one; the kind says how the link can be seen, not whether the
two sides agree):

- "lexical": the two sides share most of their key words (same entities and verbs).
- "paraphrase": the same fact in other words ("withdrawal" / "pull out" / "get out",
  "troops on the ground" / "boots on the ground", "oust" / "eject").
- "numeric": the counterpart is recognised mainly through figures about the same thing
  (troop counts, estimates of ISIS fighters, the rebels and civilians of Idlib), equal or not;
  one side may carry the figure and the other the thing counted.
- "inference": linked by meaning an analyst would see, with few shared words ("a
  precipitous U.S. pullout left the field open for Iran" ~ "fill the vacuum that will be
  left once the US military departs").

A side is (article prefix, exact quote); the quote is a substring of the article's text once
typographic quotes and non-breaking spaces are read as plain ones, and occurs once there. A
prefix of None is free text: the one such side comes from issue 6 and is in fact 002's
sentence typed with a straight apostrophe. Pairs marked "doubtful" in a comment are kept
because they belong to the earlier sets; they rest on a shared name or place more than on a
shared fact.

HARD_NEGATIVES are (query, look-alike, why); a look-alike is never a counterpart of its query
here (nor, as checked once with the corpus's sentence splitter, in the sentence of one).
Those whose reason starts with "junk:" are a dateline, caption, photo credit or fragment
sharing a word with the query.

Run ``.venv/bin/python -m bench.related_set`` to check the quotes and print the counts.
"""

from __future__ import annotations

from pathlib import Path

Side = tuple[str | None, str]  # (article prefix, exact quote); None = free text

KINDS = ("lexical", "paraphrase", "numeric", "inference")

PAIRS: list[tuple[str, Side, Side]] = [
    # --- related_bench.PUBLIC_PAIRS
    ("numeric",
     ("000", "The US has about 2,000 troops on the ground in the country"),
     ("002", "the U.S. has only a small number of troops in Syria, roughly 500")),
    ("lexical",
     (None, "Our only mission to defeat ISIS, we're not involved in the civil war"),
     ("003", "The coalition’s mission in Syria is to defeat ISIS")),
    # --- related_bench.EXTRA_PAIRS
    ("paraphrase",
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("004", "The President now says the withdrawal would not be a “rush out” of Syria.")),
    ("lexical",
     ("000", "President Donald Trump, who has long signalled his desire to get out of Syria"),
     ("001", "he wanted U.S. troops “to get out” of Syria and come home")),
    ("paraphrase",
     ("000", "we have defeated ISIS in Syria, my only reason for being there"),
     ("003", "The coalition’s mission in Syria is to defeat ISIS")),
    ("numeric",
     ("000", "put the number of ISIS members in Syria and Iraq as high as 30,000"),
     ("003", "based 5,000 to 10,000 of its fighters")),
    ("numeric",
     ("000", "the coalition estimated some 2,000 ISIS fighters were present"),
     ("003", "based 5,000 to 10,000 of its fighters")),
    ("lexical",
     ("000", "Hundreds of US troops have also been training local forces at At Tanf"),
     ("003", "Coalition forces continue to conduct patrols out of At Tanf to train and prepare "
             "the MaT")),
    ("inference",
     ("000", "Syrian Democratic Forces have had some recent success against the terror group"),
     ("002", "We have continued our partnership with the Syrian Democratic Forces")),
    ("paraphrase",
     ("001", "will maintain a military presence in Syria until Iran and its proxies have all "
             "departed"),
     ("004", "new policy in Syria aimed to curb the continuing Iranian entrenchment")),
    ("inference",
     ("001", "a precipitous U.S. pullout left the field open for Iran"),
     ("004", "fill the vacuum that will be left once the US military departs from the area")),
    ("paraphrase",
     ("003", "US forces will remain in Syria as long as the Syrian Regime is unable to destroy "
             "ISIS pockets"),
     ("001", "will maintain a military presence in Syria until Iran and its proxies have all "
             "departed")),
    ("paraphrase",
     ("002", "The U.S. troops in Syria have a mission to advise and assist partner forces"),
     ("003", "in order to ensure we provide effective support to our partner forces")),
    ("inference",
     ("001", "the Assad government, backed by its allies Russia and Iran, is preparing an "
             "all-out assault on the Idlib province"),
     ("004", "Assad’s air force bombed positions of Hayat Tahrir al-Sham")),
    # doubtful: 002's zones are Russia's proposals in the west (Astana), 003's is the older
    # zone around At Tanf; they share the word "de-confliction" more than a fact.
    ("lexical",
     ("002", "regarding the creation of safe areas or de-confliction zones in Syria"),
     ("003", "the 55 kilometer “de-confliction” zone surrounding At Tanf")),
    # doubtful: the same man, two facts (observation posts on the Turkish border; his
    # resignation over the withdrawal).
    ("lexical",
     ("000", "Secretary of Defense James Mattis to establish observation posts along the "
             "Syria-Turkish border"),
     ("004", "led to the resignation of Secretary of Defense James Mattis")),
    ("inference",
     ("004", "the intended withdrawal of US Special Forces from Syria would increase "
             "instability in the country"),
     ("001", "a precipitous U.S. pullout left the field open for Iran")),
    ("paraphrase",
     ("000", "we continue to work by, with and through our partners in the region"),
     ("002", "We have continued our partnership with the Syrian Democratic Forces")),
    ("inference",
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("001", "will maintain a military presence in Syria until Iran and its proxies have all "
             "departed")),
    ("paraphrase",
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("001", "new policy is we’re no longer pulling out by the end of the year")),
    ("lexical",
     ("004", "he suddenly announced US troops would withdraw from Syria"),
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria')),
    # doubtful: the province is the same, the actors are not (the SDF in 2017, Assad's
    # build-up in 2018).
    ("inference",
     ("003", "Syrian Democratic Forces recently announced their push into Deir Ezzor province"),
     ("004", "southeastern Deir ez-Zur province is meant to finish off ISIS")),
    ("paraphrase",
     ("000", "the US needed to train thousands of local fighters to ensure a lasting defeat of "
             "the terror group"),
     ("001", "the U.S. and its allies achieved an “enduring defeat” of ISIS")),
    # --- related_bench.LATER_PAIRS
    ("numeric",
     ("000", "Estimates vary as to how many ISIS fighters are left in Syria."),
     ("003", "based 5,000 to 10,000 of its fighters")),
    # doubtful: only the name is shared (a directive in 2018; "we have not ceded any of the
    # ground" in 2017).
    ("lexical",
     ("000", "US forces were recently directed by Secretary of Defense James Mattis"),
     ("003", "Secretary of Defense James Mattis told reporters at the Pentagon")),
    ("paraphrase",
     ("001", "Jeffrey added that Trump had approved what he called a “more active approach” to "
             "Syria."),
     ("004", "Trump’s recently announced new policy in Syria")),
    ("paraphrase",
     ("004", "Trump’s decision to pull the US military out of Syria"),
     ("000", "The decision, which would be a reversal from previously stated US policy, was "
             "made by President Donald Trump")),
    ("inference",
     ("004", "Turkey preparing for another invasion"),
     ("000", "reduce tensions between Turkey and America's Kurdish allies")),
    ("inference",
     ("002", "regime forces are battling rebels"),
     ("001", "the Assad government, backed by its allies Russia and Iran, is preparing an "
             "all-out assault on the Idlib province")),
    ("inference",
     ("004", "the real reason is to fill the vacuum that will be left once the US military "
             "departs from the area"),
     ("000", "a US withdrawal of ground forces would fulfil a major goal of Syria, Iran and "
             "Russia and risks diminishing US influence in the region")),
    ("lexical",
     ("000", "Hundreds of US troops have also been training local forces at At Tanf in "
             "southern Syria"),
     ("003", "The US-led coalition has closed and razed one of its combat outposts east of the "
             "coalition garrison in At Tanf")),
    ("paraphrase",
     ("004", "Graham was apparently not the only one who criticized Trump for withdrawing the "
             "U.S. military from Syria"),
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria')),
    ("lexical",
     ("000", "the President tweeted, “we have defeated ISIS in Syria"),
     ("001", "After Defeat of ISIS, U.S. Prioritizes Iran’s Departure from Syria")),
    ("inference",
     ("003", "Local rebel groups told Reuters that the outpost’s closure was the result of an "
             "arrangement between Russia and the US."),
     ("002", "President Trump’s discussion with Russian President Vladimir Putin regarding the "
             "creation of safe areas or de-confliction zones")),
    ("lexical",
     ("000", "The US-backed and Kurdish-led Syrian Democratic Forces"),
     ("004", "the Kurdish militia YPG, the dominant force in the Syrian Democratic Forces (SDF)")),

    # --- new pairs, found by reading the articles
    # US troop levels and what the troops do
    ("paraphrase",
     ("000", "The US has about 2,000 troops on the ground in the country"),
     ("002", "I am not aware of any plan that would put more U.S. boots on the ground")),
    ("numeric",
     ("002", "won’t require an expansion of the U.S. troop presence there"),
     ("000", "The US has about 2,000 troops on the ground in the country")),
    ("paraphrase",
     ("002", "The U.S. troops in Syria have a mission to advise and assist partner forces"),
     ("000", "where they are primarily training local forces to combat ISIS")),
    ("paraphrase",
     ("002", "We have continued our partnership with the Syrian Democratic Forces"),
     ("004", "The SDF has been working in tandem with US Special Forces")),
    ("paraphrase",
     ("002", "they have also been used in a presence mission to keep the focus on fighting the "
             "Islamic State"),
     ("003", "The coalition’s mission in Syria is to defeat ISIS")),
    ("paraphrase",
     ("002", "Our only mission to defeat ISIS, we’re not involved in the civil war"),
     ("001", "changing its focus in Syria from simply defeating ISIS and leaving")),
    ("inference",
     ("002", "U.S. troops are already serving in a quasi-peacekeeping role, patrolling areas in "
             "Syria where rival factions might otherwise be fighting among themselves."),
     ("000", "establish observation posts along the Syria-Turkish border as part of an effort to "
             "reduce tensions between Turkey and America's Kurdish allies")),
    ("inference",
     ("002", "U.S. troops are already serving in a quasi-peacekeeping role, patrolling areas in "
             "Syria where rival factions might otherwise be fighting among themselves."),
     ("004", "US Special Forces continued to patrol Manbij and clashes broke out between "
             "Kurdish fighters and Turkish-backed Sunni Islamists")),
    ("inference",
     ("002", "Generally, what we find is that, if our forces are there, there’s no firing"),
     ("004", "US Special Forces continued to patrol Manbij and clashes broke out between "
             "Kurdish fighters and Turkish-backed Sunni Islamists")),
    ("inference",
     ("002", "the presence of the force there seems to be a stabilizing presence"),
     ("004", "the intended withdrawal of US Special Forces from Syria would increase "
             "instability in the country")),
    # The withdrawal, its reversals and the policy of staying
    ("paraphrase",
     ("004", "adding he was still determined to bring the troops home"),
     ("001", "he wanted U.S. troops “to get out” of Syria and come home")),
    ("paraphrase",
     ("004", "adding he was still determined to bring the troops home"),
     ("000", "President Donald Trump, who has long signalled his desire to get out of Syria")),
    ("lexical",
     ("004", "President Donald Trump gives the impression he’s back-pedaling somewhat on his "
             "decision"),
     ("000", "The decision, which would be a reversal from previously stated US policy, was "
             "made by President Donald Trump")),
    ("inference",
     ("004", "Netanyahu reportedly asked the President for a phased withdrawal “implemented "
             "over a lengthy period of time.”"),
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria')),
    ("inference",
     ("001", "to staying indefinitely and ensuring that Iran and its proxies also leave the "
             "civil war-torn nation"),
     ("000", "The decision, which would be a reversal from previously stated US policy, was "
             "made by President Donald Trump")),
    ("inference",
     ("001", "the U.S. was prepared to maintain troops in Syria until it accomplished its "
             "diplomatic goals"),
     ("004", "he suddenly announced US troops would withdraw from Syria")),
    ("inference",
     ("000", "The US-led coalition recently denied any change to the US presence in Syria."),
     ("004", "he suddenly announced US troops would withdraw from Syria")),
    ("inference",
     ("001", "Jeffrey added that Trump had approved what he called a “more active approach” to "
             "Syria."),
     ("000", "President Donald Trump, who has long signalled his desire to get out of Syria")),
    # Iran and the ground the US would leave
    ("paraphrase",
     ("001", "a precipitous U.S. pullout left the field open for Iran"),
     ("004", "the Iranian axis is working hard and fast to exploit Trump’s pull-out decision")),
    ("paraphrase",
     ("001", "Pompeo in a May speech, in which he called for Iran’s departure from Syria"),
     ("004", "new policy in Syria aimed to curb the continuing Iranian entrenchment")),
    ("paraphrase",
     ("000", "Russia-backed pro-regime forces are seeking to oust the US presence"),
     ("003", "have sought to eject coalition troops from At Tanf to facilitate this goal")),
    ("inference",
     ("000", "a US withdrawal of ground forces would fulfil a major goal of Syria, Iran and "
             "Russia and risks diminishing US influence in the region"),
     ("003", "have sought to eject coalition troops from At Tanf to facilitate this goal")),
    ("inference",
     ("000", "a US withdrawal of ground forces would fulfil a major goal of Syria, Iran and "
             "Russia and risks diminishing US influence in the region"),
     ("004", "the Iranian axis is working hard and fast to exploit Trump’s pull-out decision")),
    ("inference",
     ("003", "opening up the possibility that the ground will be seized by Iranian-backed "
             "pro-regime militias"),
     ("004", "the real reason is to fill the vacuum that will be left once the US military "
             "departs from the area")),
    ("inference",
     ("003", "opening up the possibility that the ground will be seized by Iranian-backed "
             "pro-regime militias"),
     ("001", "a precipitous U.S. pullout left the field open for Iran")),
    ("inference",
     ("003", "pro-regime militias backed by Iran are setting up a series of checkpoints as part "
             "of an effort to establish a strategic overland route from Iran to the "
             "Mediterranean coast"),
     ("004", "new policy in Syria aimed to curb the continuing Iranian entrenchment")),
    ("inference",
     ("003", "pro-regime militias backed by Iran are setting up a series of checkpoints as part "
             "of an effort to establish a strategic overland route from Iran to the "
             "Mediterranean coast"),
     ("001", "to staying indefinitely and ensuring that Iran and its proxies also leave the "
             "civil war-torn nation")),
    ("inference",
     ("004", "Assad’s forces, which include Iranian-backed Shiite militias, succeeded in "
             "reaching the eastern side of Manbij"),
     ("001", "will maintain a military presence in Syria until Iran and its proxies have all "
             "departed")),
    # ISIS: what is left of it, and its return
    ("paraphrase",
     ("004", "is meant to eradicate the last remnants of ISIS"),
     ("000", "Estimates vary as to how many ISIS fighters are left in Syria.")),
    ("numeric",
     ("004", "is meant to eradicate the last remnants of ISIS"),
     ("000", "put the number of ISIS members in Syria and Iraq as high as 30,000")),
    ("inference",
     ("000", "are on the cusp of capturing the last major town held by ISIS east of the "
             "Euphrates"),
     ("003", "have made major advances along the Khabur River toward the Middle Euphrates "
             "River Valley")),
    ("inference",
     ("000", "the US needed to train thousands of local fighters to ensure a lasting defeat of "
             "the terror group"),
     ("003", "they are unlikely to be able to “hold” areas and prevent ISIS’s return")),
    ("inference",
     ("003", "ISIS after initially being defeated by regime troops, was able to regain much of "
             "the territory it had lost"),
     ("000", "we have defeated ISIS in Syria, my only reason for being there")),
    ("inference",
     ("004", "an ISIS affiliated Sunni Islamist militia warned in a new video that “the flames "
             "of war will come to America” after the withdrawal from Syria"),
     ("001", "and for a resurgence of Sunni militants that gave birth to the Islamic State")),
    ("inference",
     ("004", "Ridiculing Trump’s pull-out decision, a voice-over in the video said the Americans "
             "“have anticipated they can't fight against us forever”"),
     ("000", "we have defeated ISIS in Syria, my only reason for being there")),
    # The regime's ground, Idlib and the Russian-sponsored zones
    ("inference",
     ("003", "closer to the Iraqi border, an area the regime has long sought to gain control "
             "over"),
     ("004", "the pro-Assad is gearing up to take over the strategically important border town "
             "Abu Kamal on the border with Iraq")),
    ("inference",
     ("003", "The Russians are providing air support to Syrian Regime operations to reclaim "
             "territorial control over the area around Deir Ezzor"),
     ("004", "the build-up of troops and the transfer of tanks and other heavy military "
             "equipment to the region in southeastern Deir ez-Zur province")),
    ("inference",
     ("002", "the zones under consideration would be something worked out in Russian-backed "
             "peace talks set for this week in Kazakhstan’s capital Astana"),
     ("004", "which was supposed to be a de-escalation zone under the Sochi ceasefire "
             "agreement")),
    ("numeric",
     ("001", "with a reported 70,000 rebels and 2,000,000 civilians"),
     ("004", "Hayat Tahrir al-Sham is preventing the civilian population of Idlib from leaving "
             "the area")),
    ("numeric",
     ("001", "with a reported 70,000 rebels and 2,000,000 civilians"),
     ("004", "The Islamist rebels in Idlib were supposed to hand over their weapons under the "
             "Sochi agreement")),
]

HARD_NEGATIVES: list[tuple[Side, Side, str]] = [
    # --- figures that count another thing
    (("000", "The US has about 2,000 troops on the ground in the country"),
     ("001", "with a reported 70,000 rebels and 2,000,000 civilians"),
     "2,000 vs 2,000,000: civilians and rebels in Idlib, not US troops"),
    (("001", "with a reported 70,000 rebels and 2,000,000 civilians"),
     ("000", "the coalition estimated some 2,000 ISIS fighters were present"),
     "2,000 ISIS fighters in Hajin, not Idlib's rebels or civilians"),
    (("002", "the U.S. has only a small number of troops in Syria, roughly 500"),
     ("000", "Some of those strikes were launched from neighbouring Iraq, where the US has over "
             "5,000 troops"),
     "US troops in Iraq, not in Syria (500 vs 5,000)"),
    (("002", "the U.S. has only a small number of troops in Syria, roughly 500"),
     ("000", "the US-led coalition fighting ISIS has carried out hundreds of air and artillery "
             "strikes targeting ISIS in Syria"),
     "hundreds of strikes, not a number of troops"),
    (("000", "put the number of ISIS members in Syria and Iraq as high as 30,000"),
     ("004", "which reportedly killed 30 members of the pro-Turkey axis in Syria"),
     "30 members killed of the pro-Turkey side vs 30,000 ISIS members"),
    (("003", "based 5,000 to 10,000 of its fighters"),
     ("000", "Some of those strikes were launched from neighbouring Iraq, where the US has over "
             "5,000 troops"),
     "5,000 US troops in Iraq, not ISIS fighters"),
    (("000", "the US needed to train thousands of local fighters to ensure a lasting defeat of "
             "the terror group"),
     ("003", "seeking to encourage MaT fighters to defect to the regime"),
     "local fighters, but pro-regime militias luring them away at At Tanf"),
    # --- Iraq vs Syria
    (("001", "the U.S. was prepared to maintain troops in Syria until it accomplished its "
             "diplomatic goals"),
     ("000", "Even though the US will continue to maintain troops in Iraq with the capability of "
             "launching strikes into Syria"),
     "maintaining troops in Iraq, not in Syria"),
    (("000", "Even though the US will continue to maintain troops in Iraq with the capability of "
             "launching strikes into Syria"),
     ("004", "the Iraqi air force has started to bomb areas in the Deir ez-Zur province"),
     "strikes from Iraq into Syria by the Iraqi air force, not by US forces"),
    (("000", "The US has forces in Iraq ready to launch attacks in Syria if necessary."),
     ("004", "after Assad authorized the Shiite-dominated government in Baghdad to carry out "
             "military actions in Syria"),
     "Iraq's government acting in Syria, not US forces based in Iraq"),
    # --- two different colonels, officials, tweets, reports
    (("000", "we continue to work by, with and through our partners in the region"),
     ("001", "retired U.S. Army Col. Joel Rayburn were brought in by the administration to help "
             "develop a more coherent policy in Syria"),
     "another Col.: Rayburn hired to shape policy, not a spokesman on partners"),
    (("003", "in order to ensure we provide effective support to our partner forces"),
     ("002", "said Col. John Dorrian, a U.S. military spokesman in Iraq"),
     "another coalition Col. spokesman; his sentence is about no firing where US forces are"),
    (("002", "Generally, what we find is that, if our forces are there, there’s no firing"),
     ("003", "US Army Col. Ryan Dillon said"),
     "another coalition Col. spokesman; his sentence is about opening and closing bases"),
    (("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("003", "A US military official told CNN that while the base was dismantled and razed over "
             "the weekend"),
     "another official telling CNN: one outpost closed in 2017, not the withdrawal"),
    (("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("002", "The Pentagon isn’t planning to send more troops to enforce Trump’s Syria safe "
             "zones"),
     "planning, troops, Trump, Syria: reinforcements for safe zones in 2017, not a withdrawal"),
    (("002", "Two senior defense officials said the Pentagon has not been tasked with any "
             "planning involving de-confliction zones."),
     ("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     "defense officials and planning, but the planning of the withdrawal"),
    (("004", "he suddenly announced US troops would withdraw from Syria"),
     ("003", "The US-led coalition has closed and razed one of its combat outposts east of the "
             "coalition garrison in At Tanf"),
     "a US position given up, but one outpost in 2017, not the withdrawal from Syria"),
    (("000", "The US-led coalition recently denied any change to the US presence in Syria."),
     ("003", "But a spokesman for the coalition told CNN that the closure of the outpost was a "
             "routine action"),
     "another coalition denial: of a deal over one outpost in 2017"),
    (("000", "News of the planned withdrawal was earlier reported by The Wall Street Journal."),
     ("001", "according to senior State Department officials, The Washington Post reported "
             "Thursday"),
     "another newspaper's report, and of a plan to stay"),
    (("000", "we have defeated ISIS in Syria, my only reason for being there"),
     ("004", "The President now shot back at the former generals by firing off a Tweet"),
     "another Trump tweet, at his critics"),
    (("000", "the President tweeted, “we have defeated ISIS in Syria"),
     ("004", "In a farewell Tweet McGurk wrote"),
     "McGurk's farewell tweet, not the President's"),
    (("000", "the US needed to train thousands of local fighters to ensure a lasting defeat of "
             "the terror group"),
     ("004", "his critics were “failed generals who were unable to do the job”"),
     "generals, but Trump's insult to his critics, not Gen. Dunford's requirement"),
    # --- same people or entities, another fact
    (("004", "Another high-ranking Trump official who resigned over Trump’s sudden decision was "
             "John Kelly"),
     ("001", "Both Pompeo, and National Security Adviser John Bolton have conveyed similar "
             "warnings to their Russian counterparts."),
     "another John among Trump's officials; warnings over Idlib, not a resignation"),
    (("004", "Netanyahu will again discuss Trump’s decision with Secretary of State Mike "
             "Pompeo"),
     ("001", "Jeffrey appears to be looking to implement one of the priorities articulated by "
             "Pompeo"),
     "Pompeo, but his May speech, not the meeting with Netanyahu"),
    (("001", "James Jeffery, a former State Department official who returned to government "
             "service"),
     ("004", "Brett McGurk, the US envoy for the war against ISIS who warned the State "
             "Department was facing"),
     "another State Department envoy (McGurk, who resigned), not Jeffrey"),
    (("003", "The coalition’s mission in Syria is to defeat ISIS"),
     ("004", "Brett McGurk, the US envoy for the war against ISIS who warned the State "
             "Department was facing"),
     "the war against ISIS in a title, not the mission"),
    (("002", "Our only mission to defeat ISIS, we’re not involved in the civil war"),
     ("004", "ISIS and the other Sunni Islamist rebel groups in Syria see the war there as a "
             "holy war"),
     "ISIS and the war, but the jihadists' view of it"),
    (("003", "Local rebel groups told Reuters that the outpost’s closure was the result of an "
             "arrangement between Russia and the US."),
     ("004", "the Kurds apparently made a deal with the pro-Assad coalition"),
     "another deal: the Kurds with Assad over Manbij, not Russia with the US"),
    (("002", "President Trump’s discussion with Russian President Vladimir Putin regarding the "
             "creation of safe areas or de-confliction zones"),
     ("001", "including possible sanctions against Russia and Iran to achieve its goals"),
     "Russia, but sanctions, not talks about zones"),
    (("003", "the 55 kilometer “de-confliction” zone surrounding At Tanf"),
     ("004", "which was supposed to be a de-escalation zone under the Sochi ceasefire "
             "agreement"),
     "another zone: Idlib's de-escalation zone, not the one around At Tanf"),
    (("003", "The MaT regularly performs joint patrols with US Special Operations Forces."),
     ("004", "US Special Forces continued to patrol Manbij and clashes broke out between "
             "Kurdish fighters and Turkish-backed Sunni Islamists"),
     "US special forces patrolling, but in Manbij, not with the MaT at At Tanf"),
    (("002", "We have continued our partnership with the Syrian Democratic Forces"),
     ("003", "That proximity likely contributed to Saturday’s Russian airstrike that the "
             "coalition said wounded SDF fighters"),
     "the SDF, but a Russian airstrike on them"),
    (("004", "The SDF has been working in tandem with US Special Forces"),
     ("003", "wounded SDF fighters while US Special Operations Forces were present"),
     "the SDF and US special forces together, but wounded by a Russian airstrike in 2017"),
    (("000", "Syrian Democratic Forces have had some recent success against the terror group"),
     ("003", "There has also been increased proximity between regime forces and fighters from "
             "the US backed Syrian Democratic Forces further east."),
     "the SDF, but their nearness to regime forces, not their fight with ISIS"),
    (("003", "US-backed Syrian Democratic Forces recently announced their push into Deir Ezzor "
             "province"),
     ("004", "the Iraqi air force has started to bomb areas in the Deir ez-Zur province"),
     "Deir ez-Zur, but the Iraqi air force, not the SDF"),
    (("001", "the Assad government, backed by its allies Russia and Iran, is preparing an "
             "all-out assault on the Idlib province"),
     ("004", "the Syrian army and its allies were surrounding Manbij to prevent the Turkish "
             "attack"),
     "the Syrian army and its allies and an attack, but at Manbij against Turkey"),
    (("004", "the Syrian army and its allies were surrounding Manbij to prevent the Turkish "
             "attack"),
     ("003", "Syrian regime troops, backed by Russian airpower, had crossed over to the river’s "
             "eastern bank near Deir Ezzor city"),
     "Syrian troops on the move, but across the Euphrates at Deir Ezzor in 2017"),
    (("004", "adding he was still determined to bring the troops home"),
     ("003", "regime troops backed by Russian airpower had crossed the Euphrates River"),
     "troops, but the regime's"),
    (("002", "I am not aware of any plan that would put more U.S. boots on the ground"),
     ("004", "we will invade you from everywhere and you will hear our footsteps on the ground"),
     "on the ground, but an ISIS threat"),
    # --- junk: datelines, captions, photo credits, fragments
    (("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria, '
             "a US defense official told CNN on Wednesday"),
     ("003", "CNN  —"),
     "junk: dateline; shares CNN"),
    (("000", 'Planning is underway for a "full" and "rapid" withdrawal of US troops from Syria'),
     ("003", "02:32 - Source: CNN"),
     "junk: video caption; shares CNN through the query's sentence"),
    (("000", "News of the planned withdrawal was earlier reported by The Wall Street Journal."),
     ("001", "[Photo: VOA News / YouTube ]"),
     "junk: photo credit; shares 'News'"),
    (("003", "Local rebel groups told Reuters that the outpost’s closure was the result of an "
             "arrangement between Russia and the US."),
     ("004", "Members of Iran's Revolutionary GuardsReuters"),
     "junk: photo caption and credit; shares Reuters"),
    (("001", "Pompeo in a May speech, in which he called for Iran’s departure from Syria"),
     ("004", "Members of Iran's Revolutionary GuardsReuters"),
     "junk: photo caption; shares Iran"),
    (("004", "Trump’s decision to pull the US military out of Syria"),
     ("003", "Russia flexes its military muscle in Syria"),
     "junk: video title; shares military and Syria"),
    (("002", "President Trump’s discussion with Russian President Vladimir Putin regarding the "
             "creation of safe areas or de-confliction zones"),
     ("003", "russia syria power play pleitgen pkg_00000326.jpg"),
     "junk: image file name; shares Russia and Syria"),
    (("004", "Netanyahu reportedly asked the President for a phased withdrawal “implemented "
             "over a lengthy period of time.”"),
     ("001", "Period.”"),
     "junk: fragment of a quote; shares 'period'"),
]


_PLAIN = str.maketrans("’‘“”\xa0", "''\"\" ")


def _check() -> None:
    """Every quote once in its article, pairs across articles, no negative that is a pair."""
    folder = Path(__file__).resolve().parent.parent / "corpus" / "articles"
    texts = {path.stem[:3]: path.read_text(encoding="utf-8").translate(_PLAIN)
             for path in sorted(folder.glob("*.txt"))}
    errors: list[str] = []

    def place(side: Side) -> tuple[str, int, int] | None:
        """(article, start, end) of a quote; a free text is looked for in every article."""
        prefix, quote = side
        plain = quote.translate(_PLAIN)
        where = [prefix] if prefix is not None else list(texts)
        for article in where:
            text = texts.get(article)
            if text is None:
                errors.append(f"no article {article}: {quote}")
                return None
            starts = [i for i in range(len(text)) if text.startswith(plain, i)]
            if len(starts) > 1:
                errors.append(f"{len(starts)} times in {article}: {quote}")
            if starts:
                return article, starts[0], starts[0] + len(plain)
        if prefix is not None:
            errors.append(f"not in {prefix}: {quote}")
        return None

    def words(side: Side, low: int) -> None:
        count = len(side[1].split())
        if not low <= count <= 40:
            errors.append(f"{count} words: {side[1]}")

    def overlaps(one: tuple[str, int, int] | None, other: tuple[str, int, int] | None) -> bool:
        return (one is not None and other is not None and one[0] == other[0]
                and one[1] < other[2] and other[1] < one[2])

    placed: list[tuple[tuple[str, int, int] | None, tuple[str, int, int] | None]] = []
    seen: set[frozenset[str]] = set()
    kinds = dict.fromkeys(KINDS, 0)
    for kind, one, other in PAIRS:
        if kind not in kinds:
            errors.append(f"kind {kind!r}: {one[1]}")
        else:
            kinds[kind] += 1
        a, b = place(one), place(other)
        for side in (one, other):
            words(side, 5)
        if a is not None and b is not None and a[0] == b[0]:
            errors.append(f"one article ({a[0]}): {one[1]} / {other[1]}")
        key = frozenset((one[1].translate(_PLAIN), other[1].translate(_PLAIN)))
        if key in seen:
            errors.append(f"pair twice: {one[1]} / {other[1]}")
        seen.add(key)
        placed.append((a, b))

    for query, negative, why in HARD_NEGATIVES:
        q, n = place(query), place(negative)
        words(query, 5)
        words(negative, 1)
        if not why:
            errors.append(f"no reason: {query[1]}")
        if q is not None and n is not None and q[0] == n[0]:
            errors.append(f"negative in the query's article: {query[1]} / {negative[1]}")
        for a, b in placed:  # a negative may not overlap a counterpart of an overlapping query
            if (overlaps(q, a) and overlaps(n, b)) or (overlaps(q, b) and overlaps(n, a)):
                errors.append(f"negative is a pair: {query[1]} / {negative[1]}")

    if errors:
        raise SystemExit("\n".join(errors))
    total = len(PAIRS)
    for kind, count in kinds.items():
        print(f"{kind:<11} {count:3}  ({count / total:.0%})")
    junk = sum(why.startswith("junk:") for _, _, why in HARD_NEGATIVES)
    print(f"{'pairs':<11} {total:3}")
    print(f"{'negatives':<11} {len(HARD_NEGATIVES):3}  (junk lines: {junk})")


if __name__ == "__main__":
    _check()
