package io.switchboard.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsNumbersTest {
    private static String js(double d) {
        StringBuilder out = new StringBuilder();
        JsNumbers.append(d, out);
        return out.toString();
    }

    @Test
    void switchesToExponentsWhereJavaScriptDoes() {
        assertThat(js(1e21)).isEqualTo("1e+21");
        assertThat(js(1e20)).isEqualTo("100000000000000000000");
        assertThat(js(123456789012345680000.0)).isEqualTo("123456789012345680000");
        assertThat(js(1e-7)).isEqualTo("1e-7");
        assertThat(js(1e-6)).isEqualTo("0.000001");
        assertThat(js(-1.5e-10)).isEqualTo("-1.5e-10");
        assertThat(js(1.7976931348623157e308)).isEqualTo("1.7976931348623157e+308");
    }

    @Test
    void writesIntegralDoublesWithoutAFraction() {
        assertThat(js(1.0)).isEqualTo("1");
        assertThat(js(-42.0)).isEqualTo("-42");
        assertThat(js(9007199254740993.0)).isEqualTo("9007199254740992");
        assertThat(js(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(js(123.456)).isEqualTo("123.456");
    }

    @Test
    void writesMinusZeroAsZeroAndNonFiniteAsNull() {
        assertThat(js(-0.0)).isEqualTo("0");
        assertThat(js(Double.NaN)).isEqualTo("null");
        assertThat(js(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(js(Double.NEGATIVE_INFINITY)).isEqualTo("null");
    }
}
