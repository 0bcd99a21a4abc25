"""What a funder sees of small counts of people: "<5", and no other number of the same output
that would let a reader work the count out (reporting/disclosure.py). Each case is an
output's numbers and how a reader can relate them."""
from lending.reporting.disclosure import WITHHELD, Cells, Withheld, withhold

SMALL = Withheld("<5")


def test_a_count_of_a_few_people_shows_as_less_than_five_and_others_stay(app):
    cells = Cells()
    cells.add("served", 3, people=True)
    cells.add("waiting", 0, people=True)
    cells.add("big", 12, people=True)
    cells.add("loans", 40)
    assert withhold(cells) == {"served": SMALL}


def test_a_part_that_the_total_and_the_other_parts_would_give_away_is_withheld_too(app):
    cells = Cells()
    for name, value in (("total", 30), ("a", 2), ("b", 20), ("c", 8)):
        cells.add(name, value, people=name != "total")
    cells.total("total", ("a", "b", "c"))
    assert withhold(cells) == {"a": SMALL, "c": WITHHELD}  # the smallest other part


def test_two_small_parts_whose_total_pins_them_withhold_the_total(app):
    """4 + 4 = 8, each shown as "<5": both must be 4. The total goes."""
    cells = Cells()
    for name, value in (("total", 8), ("a", 4), ("b", 4)):
        cells.add(name, value, people=name != "total")
    cells.total("total", ("a", "b"))
    assert withhold(cells) == {"a": SMALL, "b": SMALL, "total": WITHHELD}


def test_two_small_parts_whose_total_leaves_room_keep_the_total(app):
    cells = Cells()
    for name, value in (("total", 5), ("a", 2), ("b", 3)):
        cells.add(name, value, people=name != "total")
    cells.total("total", ("a", "b"))
    assert withhold(cells) == {"a": SMALL, "b": SMALL}


def test_a_bound_of_one_gives_a_small_count_away_but_a_bound_of_three_does_not(app):
    for loans, expected in ((1, {"served": SMALL, "loans": WITHHELD}), (3, {"served": SMALL})):
        cells = Cells()
        cells.add("served", 1, people=True)
        cells.add("loans", loans)
        cells.at_most("served", ("loans",))
        assert withhold(cells) == expected, loans


def test_a_change_beside_a_period_with_none_is_withheld(app):
    cells = Cells()
    cells.add("now", 3, people=True)
    cells.add("before", 0, people=True)
    cells.add("change", 3, signed=True)
    cells.difference("change", "now", "before")
    assert withhold(cells) == {"now": SMALL, "change": WITHHELD}


def test_a_figure_computed_from_a_withheld_count_is_withheld(app):
    cells = Cells()
    cells.add("served", 2, people=True)
    cells.add("cost", 90.0)
    cells.add("cost_per_peer", 45.0)
    cells.computed_from("cost_per_peer", ("served", "cost"))
    assert withhold(cells) == {"served": SMALL, "cost_per_peer": WITHHELD}


def test_a_number_the_output_does_not_print_still_constrains_and_is_never_marked(app):
    """Items lent = tablets + SIM cards, where only tablets are printed: the SIM cards leave
    room, so one tablet does not pin the one peer served."""
    cells = Cells()
    cells.add("served", 1, people=True)
    cells.add("tablets", 1)
    cells.add("sims", 5, shown=False)
    cells.add("items", 6, shown=False)
    cells.total("items", ("tablets", "sims"))
    cells.at_most("served", ("items",))
    assert withhold(cells) == {"served": SMALL}


def test_the_threshold_is_a_setting(app):
    app.config["SUPPRESSION_THRESHOLD"] = 11
    cells = Cells()
    cells.add("served", 10, people=True)
    assert withhold(cells) == {"served": Withheld("<11")}
