package io.switchboard.centrifugo.internal.filter;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.switchboard.centrifugo.internal.filter.FilterNode.leaf;
import static io.switchboard.centrifugo.internal.filter.FilterNode.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example of Centrifugo's publication filtering chapter, and the corners of each comparison. */
class TagsFilterTest {
    private static final Map<String, String> TAGS = Map.of("ticker", "AAPL", "source", "NASDAQ", "price", "150.25",
            "category", "tech", "volume", "1000");

    @Test
    void everyComparisonOfTheDocumentedExampleMatches() throws Exception {
        List<FilterNode> all = List.of(leaf("ticker", "eq", "AAPL"), leaf("source", "neq", "TEST"),
                leaf("category", "in", List.of("tech", "finance")), leaf("ticker", "nin", List.of("MSFT", "GOOGL")),
                leaf("price", "ex", ""), leaf("internal_id", "nex", ""), leaf("ticker", "sw", "AA"),
                leaf("source", "ew", "DAQ"), leaf("category", "ct", "ec"), leaf("price", "gt", "100"),
                leaf("volume", "gte", "1000"), leaf("price", "lt", "200"), leaf("volume", "lte", "1000"),
                of("and", leaf("ticker", "eq", "AAPL"), leaf("category", "eq", "tech")),
                of("or", leaf("ticker", "eq", "MSFT"), leaf("category", "eq", "tech")),
                of("not", leaf("source", "eq", "NYSE")));
        for (FilterNode f : all) assertThat(TagsFilter.compile(f).matches(TAGS)).as(f.toString()).isTrue();
    }

    @Test
    void theirOppositesDoNot() throws Exception {
        List<FilterNode> none = List.of(leaf("ticker", "eq", "MSFT"), leaf("source", "neq", "NASDAQ"),
                leaf("category", "in", List.of("finance")), leaf("ticker", "nin", List.of("AAPL")),
                leaf("missing", "ex", ""), leaf("price", "nex", ""), leaf("ticker", "sw", "PL"),
                leaf("source", "ew", "NAS"), leaf("category", "ct", "x"), leaf("price", "gt", "150.25"),
                leaf("volume", "gte", "1000.5"), leaf("price", "lt", "150.25"), leaf("volume", "lte", "999"),
                of("and", leaf("ticker", "eq", "AAPL"), leaf("category", "eq", "x")),
                of("or", leaf("ticker", "eq", "MSFT"), leaf("category", "eq", "x")),
                of("not", leaf("source", "eq", "NASDAQ")));
        for (FilterNode f : none) assertThat(TagsFilter.compile(f).matches(TAGS)).as(f.toString()).isFalse();
    }

    @Test
    void anAbsentTagIsNotEqualAndComparesAsEmptyInSets() throws Exception {
        Map<String, String> none = Map.of();
        assertThat(TagsFilter.compile(leaf("k", "neq", "v")).matches(none)).isTrue();
        assertThat(TagsFilter.compile(leaf("k", "eq", "v")).matches(none)).isFalse();
        assertThat(TagsFilter.compile(leaf("k", "in", List.of("", "x"))).matches(none)).isTrue();
        assertThat(TagsFilter.compile(leaf("k", "nin", List.of("x"))).matches(none)).isTrue();
        assertThat(TagsFilter.compile(leaf("k", "sw", "a")).matches(none)).isFalse();
        assertThat(TagsFilter.compile(leaf("k", "gt", "1")).matches(none)).isFalse();
        assertThat(TagsFilter.compile(leaf("k", "eq", "v")).matches(null)).isFalse();
    }

    @Test
    void numbersCompareAsDecimalsAndAnythingElseIsFalse() throws Exception {
        assertThat(TagsFilter.compile(leaf("n", "gt", "9")).matches(Map.of("n", "10"))).isTrue(); // not as text
        assertThat(TagsFilter.compile(leaf("n", "lt", "0")).matches(Map.of("n", "-0.5"))).isTrue();
        assertThat(TagsFilter.compile(leaf("n", "gte", "1.50")).matches(Map.of("n", "1.5"))).isTrue();
        assertThat(TagsFilter.compile(leaf("n", "gt", "1")).matches(Map.of("n", "abc"))).isFalse();
        assertThat(TagsFilter.compile(leaf("n", "lt", "1")).matches(Map.of("n", "1e-9"))).isFalse();
        assertThat(TagsFilter.compile(leaf("n", "lt", "abc")).matches(Map.of("n", "1"))).isFalse();
        assertThat(TagsFilter.compile(leaf("n", "lt", "abc")).matches(Map.of("n", "abc"))).isFalse();
    }

    @Test
    void refusesWhatCentrifugeRefuses() {
        List<FilterNode> bad = List.of(leaf("k", "", "v"), leaf("k", "eq", ""), leaf("k", "like", "v"),
                new FilterNode("", "k", "eq", "v", List.of("w"), List.of()), leaf("k", "in", List.of()),
                new FilterNode("", "k", "in", "v", List.of("w"), List.of()), leaf("k", "ex", "v"),
                leaf("", "eq", "v"), of("and"), of("or"), of("not"),
                of("not", leaf("a", "ex", ""), leaf("b", "ex", "")), of("xor", leaf("a", "ex", "")),
                of("and", leaf("a", "ex", ""), leaf("k", "eq", "")));
        for (FilterNode f : bad) {
            assertThatThrownBy(() -> TagsFilter.compile(f)).as(f.toString()).isInstanceOf(TagsFilter.InvalidFilter.class);
        }
    }

    @Test
    void existenceNeedsNoKey() throws Exception {
        assertThat(TagsFilter.compile(leaf("", "nex", "")).matches(Map.of("k", "v"))).isTrue();
    }

    @Test
    void refusesFiltersBeyondTheSizeBounds() throws Exception {
        FilterNode deep = leaf("k", "ex", "");
        for (int i = 1; i < TagsFilter.MAX_DEPTH; i++) deep = of("not", deep);
        TagsFilter.compile(deep); // exactly at the bound
        FilterNode deeper = of("not", deep);
        assertThatThrownBy(() -> TagsFilter.compile(deeper)).isInstanceOf(TagsFilter.InvalidFilter.class);

        List<FilterNode> leaves = new ArrayList<>(Collections.nCopies(TagsFilter.MAX_NODES, leaf("k", "ex", "")));
        FilterNode wide = new FilterNode("or", "", "", "", List.of(), leaves);
        assertThatThrownBy(() -> TagsFilter.compile(wide)).isInstanceOf(TagsFilter.InvalidFilter.class);

        FilterNode manyValues = leaf("k", "in", Collections.nCopies(TagsFilter.MAX_VALUES + 1, "v"));
        assertThatThrownBy(() -> TagsFilter.compile(manyValues)).isInstanceOf(TagsFilter.InvalidFilter.class);

        FilterNode longText = leaf("k", "eq", "x".repeat(TagsFilter.MAX_TEXT_BYTES));
        assertThatThrownBy(() -> TagsFilter.compile(longText)).isInstanceOf(TagsFilter.InvalidFilter.class);
    }
}
