package io.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a small log-log line chart as SVG text (latency percentiles against offered load).
 * Hand-written so the bench has no plotting dependency.
 */
final class SvgPlot {

    /** One line of the chart; {@code dashed} distinguishes a second target. */
    record Series(String label, double[] x, double[] y, String color, boolean dashed) {
    }

    private static final int W = 820;
    private static final int H = 520;
    private static final int L = 80;
    private static final int R = 200;
    private static final int T = 50;
    private static final int B = 60;

    private SvgPlot() {
    }

    static String render(String title, String xLabel, String yLabel, List<Series> series) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (s.x()[i] > 0 && s.y()[i] > 0) {
                    minX = Math.min(minX, s.x()[i]);
                    maxX = Math.max(maxX, s.x()[i]);
                    minY = Math.min(minY, s.y()[i]);
                    maxY = Math.max(maxY, s.y()[i]);
                }
            }
        }
        if (minX == Double.MAX_VALUE) {
            minX = 1;
            maxX = 10;
            minY = 1;
            maxY = 10;
        }
        // whole decades on both axes
        double x0 = Math.floor(Math.log10(minX)), x1 = Math.max(x0 + 1, Math.ceil(Math.log10(maxX)));
        double y0 = Math.floor(Math.log10(minY)), y1 = Math.max(y0 + 1, Math.ceil(Math.log10(maxY)));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n", L, esc(title)));
        int pw = W - L - R, ph = H - T - B;
        for (double d = x0; d <= x1 + 1e-9; d++) {
            double px = L + (d - x0) / (x1 - x0) * pw;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px, T, px, T + ph, px, T + ph + 18, num(Math.pow(10, d))));
        }
        for (double d = y0; d <= y1 + 1e-9; d++) {
            double py = T + ph - (d - y0) / (y1 - y0) * ph;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    L, py, L + pw, py, L - 6, py + 4, num(Math.pow(10, d))));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                L, T, pw, ph));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                L + pw / 2, H - 18, esc(xLabel)));
        sb.append(String.format(Locale.ROOT,
                "<text transform=\"translate(20,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n", T + ph / 2, esc(yLabel)));
        int ly = T + 10;
        for (Series s : series) {
            List<String> pts = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (s.x()[i] > 0 && s.y()[i] > 0) {
                    double px = L + (Math.log10(s.x()[i]) - x0) / (x1 - x0) * pw;
                    double py = T + ph - (Math.log10(s.y()[i]) - y0) / (y1 - y0) * ph;
                    pts.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, s.color()));
                }
            }
            sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                    s.color(), s.dashed() ? " stroke-dasharray=\"6,4\"" : "", String.join(" ", pts)));
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    L + pw + 12, ly, L + pw + 36, ly, s.color(), s.dashed() ? " stroke-dasharray=\"6,4\"" : "",
                    L + pw + 42, ly + 4, esc(s.label())));
            ly += 18;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String num(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.0fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
