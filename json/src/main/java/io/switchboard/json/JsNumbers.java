package io.switchboard.json;

import java.math.BigDecimal;

/** Numbers written as JavaScript's JSON.stringify writes them: 1 not 1.0, 1e+21, 1e-7, null for NaN. */
public final class JsNumbers {
    private JsNumbers() {
    }

    public static void append(double d, StringBuilder out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
            return;
        }
        if (d == 0) {
            out.append('0'); // JSON.stringify(-0) is "0"
            return;
        }
        // the shortest digits that round-trip, then JavaScript's choice between fixed and exponent notation
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int n = digits.length() - exact.scale(); // the decimal point sits after n digits
        if (d < 0) out.append('-');
        int k = digits.length();
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            out.append(digits.charAt(0));
            if (k > 1) out.append('.').append(digits, 1, k);
            int e = n - 1;
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
    }
}
