"""The quotation pre-annotator on invented news (no person, place or sentence of the corpus):
each construction of the quotations issue, with the exact spans, cue, source and speaker the
JSON Lines rows give. Speakers come from an empty speakers.yaml, so every one is proposed."""

from __future__ import annotations

import pytest

from polit_corpus.collection import TextRecord
from polit_corpus.preannotate.rows import text_rows

HEAD = "Harbour row deepens\n\n"


def quotes(body: str) -> list[tuple]:
    text = HEAD + body + "\n"
    row = text_rows(TextRecord("t", text), {})
    assert row["dropped"] == []
    return [(q["type"], text[q["start"]:q["end"]], q["speaker_id"],
             q["cue"] and q["cue"]["text"], q["source"] and q["source"]["text"])
            for q in row["quotes"]]


CASES = {
    "split quote: second half takes the speaker, cue and source stay on the first": (
        "“It is a scandal,” said Mr. Briggs. “Nobody listened to us.”",
        [("direct", "It is a scandal,", "briggs", "said", "Mr. Briggs"),
         ("direct", "Nobody listened to us.", "briggs", None, None)]),
    "attribution before the quote": (
        "Det Supt Ann Rowe said: “We will not stand by while this happens.”",
        [("direct", "We will not stand by while this happens.", "ann-rowe", "said",
          "Det Supt Ann Rowe")]),
    "attribution after the quote, cue first": (
        "“The road will reopen next week,” said prosecutor Rachel Idowu.",
        [("direct", "The road will reopen next week,", "rachel-idowu", "said",
          "prosecutor Rachel Idowu")]),
    "attribution in the middle of a sentence, before a mixed quote": (
        "The vote, Ms Okafor said, was “a disgrace to everyone who lives here”.",
        [("direct", "a disgrace to everyone who lives here", "okafor", "said", "Ms Okafor")]),
    "single marks, attributed": (
        "‘We were never asked about the fees,’ said Mr Hale.",
        [("direct", "We were never asked about the fees,", "hale", "said", "Mr Hale")]),
    "possessive after -s inside single marks": (
        "‘It is the residents’ money we are spending,’ said Mr Hale.",
        [("direct", "It is the residents’ money we are spending,", "hale", "said", "Mr Hale")]),
    "nested quote: the inner words are their own fragment": (
        "“He told me ‘go home’ and walked off,” said Ann Lee.",
        [("direct", "He told me ‘go home’ and walked off,", "ann-lee", "said", "Ann Lee"),
         ("fragment", "go home", None, None, None)]),
    "mixed quote: the reported clause is indirect, the quoted words a fragment": (
        "Ms Okafor said the plan was “a waste of public money” and should be dropped.",
        [("indirect", "the plan was “a waste of public money” and should be dropped", "okafor",
          "said", "Ms Okafor"),
         ("fragment", "a waste of public money", "okafor", None, None)]),
    "mixed quote with two quoted parts in one clause": (
        "Mr Hale said the fees were “unfair” and “far too high”.",
        [("indirect", "the fees were “unfair” and “far too high”", "hale", "said", "Mr Hale"),
         ("fragment", "unfair", "hale", None, None),
         ("fragment", "far too high", "hale", None, None)]),
    "mixed quote after 'said on Monday that': the clause starts after that": (
        "Ms Okafor said on Monday that the plan was “a waste of money”.",
        [("indirect", "the plan was “a waste of money”", "okafor", "said", "Ms Okafor"),
         ("fragment", "a waste of money", "okafor", None, None)]),
    "mixed quote with the attribution after it: the sentence up to the closing mark": (
        "But the plan is “a waste of money,” Mr Hale said on Monday.",
        [("indirect", "the plan is “a waste of money,”", "hale", "said", "Mr Hale"),
         ("fragment", "a waste of money,", "hale", None, None)]),
    "a quote that opens a clause running on in lower case to the attribution": (
        "“Far too high” was the verdict on the fees, Ms Lee said.",
        [("indirect", "“Far too high” was the verdict on the fees", "lee", "said", "Ms Lee"),
         ("fragment", "Far too high", "lee", None, None)]),
    "a long quote nested in a quote is a fragment of the outer one": (
        "“He told me ‘go home now or we will call the police at once’ and left,” said Ann Lee.",
        [("direct", "He told me ‘go home now or we will call the police at once’ and left,",
          "ann-lee", "said", "Ann Lee"),
         ("fragment", "go home now or we will call the police at once", None, None, None)]),
    "according to any noun phrase, after the content": (
        "The trust has booked time for advertisements in four towns, according to media buying "
        "sources.",
        [("indirect", "The trust has booked time for advertisements in four towns",
          "media-buying-sources", "according to", "media buying sources")]),
    "according to any noun phrase, before the content": (
        "According to early results of a poll by a research firm, most voters backed the plan.",
        [("indirect", "most voters backed the plan", "early-results-of-a-poll-by-a-research-firm",
          "According to", "early results of a poll by a research firm")]),
    "content, then the cue and a named source with an apposition": (
        "The plan would cost more than expected, said Tom Price, director of the harbour trust.",
        [("indirect", "The plan would cost more than expected", "tom-price", "said",
          "Tom Price")]),
    "the attribution as a parenthesis: the content is the words before it and the clause after": (
        "In particular, Ms Lee said, the trust had free use of the quay for its events.",
        [("indirect", "In particular", "lee", "said", "Ms Lee"),
         ("indirect", "the trust had free use of the quay for its events", "lee", None, None)]),
    "a parenthetical pronoun source: the second part takes the first part's speaker": (
        "Mr. Briggs spoke first.\n\nOverall, he said, the berths were full for most of the summer.",
        [("indirect", "Overall", "briggs", "said", "he"),
         ("indirect", "the berths were full for most of the summer", "briggs", None, None)]),
    "a described group as the source at the start of the sentence": (
        "Most of the forty traders said they would leave the market.",
        [("indirect", "they would leave the market", "most-of-the-forty-traders", "said",
          "Most of the forty traders")]),
    "a relative clause with said is no attribution": (
        "The plan the mayor said would fail was approved.",
        []),
    "told with a hearer in capitals and a day, then that": (
        "Ms Lee told the BBC on Friday that the trust had run out of money.",
        [("indirect", "the trust had run out of money", "lee", "told", "Ms Lee")]),
    "told reporters without that: the hearer is no part of the content": (
        "A spokesman for the trust told reporters the quay would reopen in May.",
        [("indirect", "the quay would reopen in May", "a-spokesman", "told", "A spokesman")]),
    "a named source inside the sentence with a bracket and an apposition": (
        "In a letter, Sen. Jo Bell (D-Ohio), the panel's chair, said the rules were unfair.",
        [("indirect", "the rules were unfair", "jo-bell", "said", "Sen. Jo Bell")]),
    "a participle after the main clause: its subject is the source": (
        "Mr Hale struck a calm tone on Tuesday, saying he understood the task ahead of the trust.",
        [("indirect", "he understood the task ahead of the trust", "hale", "saying", "Mr Hale")]),
    "polls show, without that": (
        "Early polls show traders in the market rejecting the plan.",
        [("indirect", "traders in the market rejecting the plan", "early-polls", "show",
          "Early polls")]),
    "a belief: X thinks ...": (
        "Ms Lee thinks the trust should sell the quay.",
        [("indirect", "the trust should sell the quay", "lee", "thinks", "Ms Lee")]),
    "a dash and a name after a quote ending its paragraph: the dash is the cue": (
        "“The quay is a disgrace.” ― Ann Lee",
        [("direct", "The quay is a disgrace.", "ann-lee", "―", "Ann Lee")]),
    "a paragraph ending in source, cue and colon introduces the next paragraph's quote": (
        "Ms Lee told the board:\n\n“We have run out of money and out of time.”",
        [("direct", "We have run out of money and out of time.", "lee", "told", "Ms Lee")]),
    "a name with an inner capital and one with a suffix": (
        "“We will sell the quay,” DeVane said. “Not yet,” Tom Price Jr. said.",
        [("direct", "We will sell the quay,", "devane", "said", "DeVane"),
         ("direct", "Not yet,", "tom-price-jr", "said", "Tom Price Jr.")]),
    "after a clause that opens with quoted words, the next quote has its speaker": (
        "“The fees are a disgrace” to everyone, Ms Lee said. “We will fight them in court.”",
        [("indirect", "“The fees are a disgrace” to everyone", "lee", "said", "Ms Lee"),
         ("fragment", "The fees are a disgrace", "lee", None, None),
         ("direct", "We will fight them in court.", "lee", None, None)]),
    "a quoted heading standing alone as its paragraph: a title, fragment": (
        "‘Harbour Dreams Are Over.’\n\nThe trust met on Monday.",
        [("fragment", "Harbour Dreams Are Over.", None, None, None)]),
    "said via email that: the clause starts after that": (
        "Ms Lee said via email that the plan was “a waste of money”.",
        [("indirect", "the plan was “a waste of money”", "lee", "said", "Ms Lee"),
         ("fragment", "a waste of money", "lee", None, None)]),
    "a second verb of the subject: '... and said ...'": (
        "Mr Hale praised the crew on Monday and said they had saved the quay from ruin.",
        [("indirect", "they had saved the quay from ruin", "hale", "said", "Mr Hale")]),
    "report with a noun object is no reported clause": (
        "Residents can report concerns by visiting the trust office.",
        []),
    "a possessive after -s does not hide a reported clause": (
        "Ms Lee said the traders' rents would double next year.",
        [("indirect", "the traders' rents would double next year", "lee", "said", "Ms Lee")]),
    "a denial is reported speech": (
        "Mr Hale denied that the trust had sold the quay.",
        [("indirect", "the trust had sold the quay", "hale", "denied", "Mr Hale")]),
    "a verb in the sentence before the quote is not its cue; the one after is": (
        "In a letter, Ms Lee acknowledged the cost. “The quay is safe again,” she wrote.",
        [("direct", "The quay is safe again,", "lee", "wrote", "she")]),
    "a naming verb with an object is a cue: 'called the plan “...”'": (
        "Mr Hale called the plan “a farce that will cost us all”.",
        [("indirect", "the plan “a farce that will cost us all”", "hale", "called", "Mr Hale"),
         ("fragment", "a farce that will cost us all", "hale", None, None)]),
    "a naming verb right before the marks names a thing": (
        "A group called “Save the Quay” met on Monday.",
        [("fragment", "Save the Quay", None, None, None)]),
    "quoted words inside the writer's own sentence, no cue: a fragment, no speaker": (
        "The council wants to “reset the relationship with the town” before May.",
        [("fragment", "reset the relationship with the town", None, None, None)]),
    "titles and scare quotes: short, unattributed, a fragment with no speaker": (
        "The school's “Read More” campaign starts on Monday.",
        [("fragment", "Read More", None, None, None)]),
    "a long title in quotes: title case, unattributed, a fragment with no speaker": (
        "She appeared on “The Long Night Show with the Harbour Crew” before the vote.",
        [("fragment", "The Long Night Show with the Harbour Crew", None, None, None)]),
    "X said (that) ...": (
        "Police said on Monday that a man had been arrested near the quay.",
        [("indirect", "a man had been arrested near the quay", "police", "said", "Police")]),
    "..., X said": (
        "The quay would open in the spring, the harbour master said.",
        [("indirect", "The quay would open in the spring", "the-harbour-master", "said",
          "the harbour master")]),
    "according to X, ...": (
        "According to the harbour board, the new quay will open in spring.",
        [("indirect", "the new quay will open in spring", "the-harbour-board", "According to",
          "the harbour board")]),
    "..., according to X": (
        "The quay will cost more than planned, according to Dr Ruth Amis.",
        [("indirect", "The quay will cost more than planned", "ruth-amis", "according to",
          "Dr Ruth Amis")]),
    "X told Y ...": (
        "Councillor Tom Price told the Gazette the vote had been fair.",
        [("indirect", "the vote had been fair", "tom-price", "told", "Councillor Tom Price")]),
    "X warned that ...": (
        "Ms Okafor warned that the mooring fees would rise.",
        [("indirect", "the mooring fees would rise", "okafor", "warned", "Ms Okafor")]),
    "X claimed ... (no that)": (
        "Ann Lee claimed the figures were wrong from the start.",
        [("indirect", "the figures were wrong from the start", "ann-lee", "claimed", "Ann Lee")]),
    "doubled apostrophes as double marks, split quote": (
        "''We were never told,'' said Ms Okafor. ''Nobody asked us.''",
        [("direct", "We were never told,", "okafor", "said", "Ms Okafor"),
         ("direct", "Nobody asked us.", "okafor", None, None)]),
    "doubled apostrophes with a single-mark quote inside": (
        "''He said 'not now' and left,'' Dr Ruth Amis said.",
        [("direct", "He said 'not now' and left,", "ruth-amis", "said", "Dr Ruth Amis"),
         ("fragment", "not now", None, None, None)]),
    "described source, cue first: the complement is left out of the span": (
        "“The gates stay shut,” said a spokesman for the harbour board.",
        [("direct", "The gates stay shut,", "a-spokesman", "said", "a spokesman")]),
    "described plural source before the cue": (
        "Two people familiar with the talks said: “No deal is close.”",
        [("direct", "No deal is close.", "two-people", "said", "Two people")]),
    "described source in the middle of a split quote": (
        "“We will build it,” the Ohio senator said, “and soon.”",
        [("direct", "We will build it,", "the-ohio-senator", "said", "the Ohio senator"),
         ("direct", "and soon.", "the-ohio-senator", None, None)]),
    "role before a name with a middle initial": (
        "“Costs will fall,” campaign manager Jo K. Marsh said.",
        [("direct", "Costs will fall,", "jo-k-marsh", "said",
          "campaign manager Jo K. Marsh")]),
    "an abbreviated title inside the reported clause does not end the sentence": (
        "Aides said Mr. Hale was angry about the fees at the quay.",
        [("indirect", "Mr. Hale was angry about the fees at the quay", "aides", "said", "Aides")]),
    "a connective before the source": (
        "But she said the ferry would keep running all winter.",
        [("indirect", "the ferry would keep running all winter", None, "said", "she")]),
    "source and cue inside the sentence, after a clause": (
        "The quay was shut for a week; port officials said that the gates would reopen.",
        [("indirect", "the gates would reopen", "port-officials", "said", "port officials")]),
    "a party and state label in brackets between the name and the cue": (
        "“We will not back down,” Sen. Ann Lee (D-Ore.) said.",
        [("direct", "We will not back down,", "ann-lee", "said", "Sen. Ann Lee")]),
    "cue first, then a described role with a name": (
        "“The tide was against us,” boasted harbour host Sam Okafor.",
        [("direct", "The tide was against us,", "sam-okafor", "boasted", "harbour host Sam Okafor")]),
    "a quote right after a cue in the writer's sentence is direct, with the source before": (
        "Mr. Briggs cautioned “let the tide decide,” before he left the quay.",
        [("direct", "let the tide decide,", "briggs", "cautioned", "Mr. Briggs")]),
    "a participle before the marks: the sentence's subject is the source": (
        "Protesters lined the quay, chanting “save our ferry” for an hour.",
        [("direct", "save our ferry", "protesters", "chanting", "Protesters")]),
    "words between the cue and the marks: a mixed clause that ends at a new clause": (
        "Ms Okafor pledged to “rebuild every berth by spring” and left the stage.",
        [("indirect", "to “rebuild every berth by spring”", "okafor", "pledged", "Ms Okafor"),
         ("fragment", "rebuild every berth by spring", "okafor", None, None)]),
    "a mixed clause ends at the closing mark when a new clause follows with but": (
        "Ms Lee argued that the plan was “far too costly” but agreed to a vote.",
        [("indirect", "the plan was “far too costly”", "lee", "argued", "Ms Lee"),
         ("fragment", "far too costly", "lee", None, None)]),
    "cue, that and a few words before the marks: the clause runs on to the sentence end": (
        "Mr. Briggs is claiming that the berth fees are “a burden on every crew” this year.",
        [("indirect", "the berth fees are “a burden on every crew” this year", "briggs",
          "claiming", "Mr. Briggs"),
         ("fragment", "a burden on every crew", "briggs", None, None)]),
    "content first, then a source in capitals with an article and the cue": (
        "The economist was headed to a meeting on the quay, the Harbour Gazette reported.",
        [("indirect", "The economist was headed to a meeting on the quay", "the-harbour-gazette",
          "reported", "the Harbour Gazette")]),
    "content first, then told with a hearer and a time": (
        "The ferry will stop in May, Ms Lee told reporters on Friday.",
        [("indirect", "The ferry will stop in May", "lee", "told", "Ms Lee")]),
    "content first, then the cue and a manner phrase after a comma": (
        "Ms Lee spoke at noon.\n\nThe berth had found no buyer, she said, on condition of anonymity.",
        [("indirect", "The berth had found no buyer", "lee", "said", "she")]),
    "a reported clause before the marks of its sentence, then a direct quote with the same cue": (
        "The crews were paid late all winter, Ms Lee said, “and nobody told them why.”",
        [("indirect", "The crews were paid late all winter", "lee", "said", "Ms Lee"),
         ("direct", "and nobody told them why.", "lee", "said", "Ms Lee")]),
    "a question put to the source before the attribution is no content": (
        "Asked about the fees, Ms Lee said, “We will not raise them.”",
        [("direct", "We will not raise them.", "lee", "said", "Ms Lee")]),
    "a cue and a comma before the marks, with no source next to them: the subject speaks": (
        "Ms Lee waved at the crew and repeatedly says, “Do not leave the berth,” until the siren "
        "sounds.",
        [("direct", "Do not leave the berth,", "lee", "says", "Ms Lee")]),
    "a participle and a time phrase before the marks": (
        "The advert ends with footage of Mr. Briggs saying during the meeting, “That makes me "
        "right.”",
        [("direct", "That makes me right.", "briggs", "saying", "Mr. Briggs")]),
    "a naming verb right after a pronoun quotes its bearer": (
        "Mr. Briggs spoke first.\n\nHe left the quay after what he called “a shameful vote” by the "
        "board.",
        [("direct", "a shameful vote", "briggs", "called", "he")]),
    "a contracted auxiliary after the source ('He’s claiming')": (
        "Mr. Briggs spoke first.\n\nHe’s claiming that the berth fees are “far too high” this year.",
        [("indirect", "the berth fees are “far too high” this year", "briggs", "claiming", "He"),
         ("fragment", "far too high", "briggs", None, None)]),
    "a nominal cue opening the sentence: In and the document are cue and source": (
        "In a survey released on Monday, most of the traders backed the new berth fees.",
        [("indirect", "most of the traders backed the new berth fees", "a-survey", "In",
          "a survey")]),
    "a nominal cue after the verb: said in a statement on a day, then that": (
        "The harbour board said in a statement on Friday that the gates would reopen.",
        [("indirect", "the gates would reopen", "the-harbour-board", "said", "The harbour board")]),
    "a relative clause with its own attribution: the name before who is the source": (
        "Ms Lee, who said the berth fees would rise in May, voted for the plan.",
        [("indirect", "the berth fees would rise in May", "lee", "said", "Ms Lee")]),
    "a verb of judgement before quoted words (accused, praised, ...) is a cue near the marks": (
        "Ms Lee accused the board of “a shameful betrayal” at the meeting.",
        [("indirect", "the board of “a shameful betrayal” at the meeting", "lee", "accused",
          "Ms Lee"),
         ("fragment", "a shameful betrayal", "lee", None, None)]),
    "an adverb between the source and the cue is no part of the source": (
        "Mr. Briggs later said that the quay was closed.",
        [("indirect", "the quay was closed", "briggs", "said", "Mr. Briggs")]),
    "a naming verb with no object before the marks names a thing": (
        "Pupils joined a class called “Tides of the Estuary” last year.",
        [("fragment", "Tides of the Estuary", None, None, None)]),
    "a document source": (
        "The report says that most residents support the plan.",
        [("indirect", "most residents support the plan", "the-report", "says", "The report")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_quotation_case(name):
    body, expected = CASES[name]
    assert quotes(body) == expected


def test_multi_paragraph_quote_is_segments_that_continue():
    text = (HEAD + "“This is the first paragraph of a long statement,” said Dr Ruth Amis. “And "
            "it goes on\n\n“It continues here without a closing mark\n\n“And ends here.”\n")
    row = text_rows(TextRecord("t", text), {})
    got = [(text[q["start"]:q["end"]], q["speaker_id"], q["continues"]) for q in row["quotes"]]
    assert got == [("This is the first paragraph of a long statement,", "ruth-amis", None),
                   ("And it goes on", "ruth-amis", None),
                   ("It continues here without a closing mark", "ruth-amis", "q2"),
                   ("And ends here.", "ruth-amis", "q3")]


def test_pronoun_takes_nearest_compatible_speaker_and_aliases_cluster():
    text = (HEAD + "Det Supt Ann Rowe said: “We will not stand by.”\n\n"
            "“It is a scandal,” said Mr Briggs.\n\n“We have a plan,” she said.\n\n"
            "Det Supt Rowe added that the inquiry would take months.\n")
    row = text_rows(TextRecord("t", text), {})
    assert [q["speaker_id"] for q in row["quotes"]] == ["ann-rowe", "briggs", "ann-rowe",
                                                        "ann-rowe"]
    rowe = next(s for s in row["speakers"] if s["speaker_id"] == "ann-rowe")
    assert rowe["aliases"] == ["Det Supt Ann Rowe", "she", "Det Supt Rowe"]
    assert (rowe["name"], rowe["role"], rowe["kind"]) == ("Ann Rowe", "Det Supt", "person")


def test_pronoun_with_no_earlier_quote_takes_the_nearest_named_person():
    text = (HEAD + "Councillor Tom Price opened the meeting on the quay.\n\n"
            "“We have waited long enough,” he said. “Now we act.”\n")
    row = text_rows(TextRecord("t", text), {})
    got = [(text[q["start"]:q["end"]], q["speaker_id"], q["source"] and q["source"]["text"])
           for q in row["quotes"]]
    assert got == [("We have waited long enough,", "tom-price", "he"),
                   ("Now we act.", "tom-price", None)]
    price = next(s for s in row["speakers"] if s["speaker_id"] == "tom-price")
    assert (price["name"], price["role"], price["aliases"]) == ("Tom Price", "Councillor", ["he"])


def test_transcript_lines_take_their_label_as_source_and_stage_directions_are_not_speech():
    text = (HEAD + "Partial transcript:\n\n\"HOST: Will the quay reopen before the winter?\n\n"
            "\"MAYOR OKAFOR: It will, and the fees stay as they are. We have said so.\n\n"
            "\"(CROSSTALK.)\n\n\"HOST: One more question.\n")
    row = text_rows(TextRecord("t", text), {})
    got = [(q["type"], text[q["start"]:q["end"]], q["cue"] and q["cue"]["text"],
            q["source"] and q["source"]["text"], q["speaker_id"]) for q in row["quotes"]]
    assert got == [
        ("direct", "Will the quay reopen before the winter?", ":", "HOST", "host"),
        ("direct", "It will, and the fees stay as they are. We have said so.", ":",
         "MAYOR OKAFOR", "mayor-okafor"),
        ("fragment", "(CROSSTALK.)", None, None, None),
        ("direct", "One more question.", ":", "HOST", "host")]
    # the label's colon is a cue only at the opening of a quoted paragraph
    assert quotes("HOST: Will the quay reopen before the winter?") == []
    assert quotes("“HOST: a guide to the quay” is on sale, said Ms Lee.")[0][3:] == (
        "said", "Ms Lee")


def test_a_curly_opening_mark_inside_straight_marks_opens_a_nested_quote():
    # a paragraph quoted in straight marks, with a title in curly marks inside it
    got = quotes("\"We watched “Harbour Lights” last night and it was grim,\" said Mr Hale.")
    assert got == [("direct", "We watched “Harbour Lights” last night and it was grim,", "hale",
                    "said", "Mr Hale"),
                   ("fragment", "Harbour Lights", None, None, None)]


def test_a_second_quote_joined_by_a_conjunction_after_the_attribution_is_the_second_half():
    assert quotes("“I like the plan,” she said, but “the fees are far too high for us.”") == [
        ("direct", "I like the plan,", None, "said", "she"),
        ("direct", "the fees are far too high for us.", None, None, None)]
    named = quotes("“We tried,” said Ms Lee, and still “nobody came to the quay.”")
    assert named == [("direct", "We tried,", "lee", "said", "Ms Lee"),
                     ("direct", "nobody came to the quay.", "lee", None, None)]
    # without the attribution between them the quoted words are the writer's: a fragment
    assert quotes("The plan is dead, but “the fees are far too high for us.”")[-1][0] == "fragment"


def test_quoted_words_that_complete_a_clause_after_that_are_a_mixed_quotation():
    assert quotes("Ms Lee said Friday that if the board agreed, “the quay would reopen in May.”") == [
        ("indirect", "if the board agreed, “the quay would reopen in May.”", "lee", "said",
         "Ms Lee"),
        ("fragment", "the quay would reopen in May.", "lee", None, None)]
    # with no that, the words before the comma are a clause of their own (guidelines 1.2)
    assert [q[0] for q in quotes("Ms Lee added the job is hard but important: “We go on.”")] == [
        "indirect", "direct"]
