package io.switchboard.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal line chart drawn with java.awt into an image (works headless): one shared x axis,
 * one y axis from 0 to the largest value, "nice" ticks, a legend, and shaded phase bands.
 */
final class LineChart {
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)};
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  record Series(String name, double[] x, double[] y) {}

  record Band(String name, double from, double to) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private final List<Band> bands = new ArrayList<>();

  LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  LineChart add(Series s) {
    series.add(s);
    return this;
  }

  LineChart band(Band b) {
    bands.add(b);
    return this;
  }

  BufferedImage render(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      double xMax = 1e-9;
      double yMax = 1e-9;
      for (Series s : series) {
        for (int i = 0; i < s.x().length; i++) {
          xMax = Math.max(xMax, s.x()[i]);
          yMax = Math.max(yMax, s.y()[i]);
        }
      }
      double yStep = niceStep(yMax / 5);
      yMax = Math.ceil(yMax / yStep) * yStep;
      double xStep = niceStep(xMax / 8);
      int plotW = width - LEFT - RIGHT;
      int plotH = height - TOP - BOTTOM;
      // phase bands
      Color[] shades = {new Color(0xF2F2F2), new Color(0xE6EEF7)};
      int b = 0;
      for (Band band : bands) {
        int x0 = LEFT + (int) (band.from() / xMax * plotW);
        int x1 = LEFT + (int) (Math.min(band.to(), xMax) / xMax * plotW);
        g.setColor(shades[b++ % shades.length]);
        g.fillRect(x0, TOP, Math.max(1, x1 - x0), plotH);
        g.setColor(Color.GRAY);
        if (x1 - x0 > 50) { // label only bands wide enough to read
          g.drawString(band.name(), x0 + 3, TOP + 14);
        }
      }
      // grid and ticks
      FontMetrics fm = g.getFontMetrics();
      for (double v = 0; v <= yMax + yStep / 2; v += yStep) {
        int y = TOP + plotH - (int) (v / yMax * plotH);
        g.setColor(new Color(0xDDDDDD));
        g.drawLine(LEFT, y, LEFT + plotW, y);
        g.setColor(Color.DARK_GRAY);
        String label = format(v);
        g.drawString(label, LEFT - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
      }
      for (double v = 0; v <= xMax + xStep / 2; v += xStep) {
        int x = LEFT + (int) (v / xMax * plotW);
        g.setColor(Color.DARK_GRAY);
        g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
        String label = format(v);
        g.drawString(label, x - fm.stringWidth(label) / 2, TOP + plotH + 18);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, plotW, plotH);
      // series
      g.setStroke(new BasicStroke(1.6f));
      for (int si = 0; si < series.size(); si++) {
        Series s = series.get(si);
        g.setColor(PALETTE[si % PALETTE.length]);
        for (int i = 1; i < s.x().length; i++) {
          g.drawLine(LEFT + (int) (s.x()[i - 1] / xMax * plotW), TOP + plotH - (int) (s.y()[i - 1] / yMax * plotH),
              LEFT + (int) (s.x()[i] / xMax * plotW), TOP + plotH - (int) (s.y()[i] / yMax * plotH));
        }
        int ly = TOP + 16 + si * 16;
        int lx = LEFT + plotW - 180;
        g.fillRect(lx, ly - 8, 14, 3);
        g.setColor(Color.BLACK);
        g.drawString(s.name(), lx + 20, ly - 3);
      }
      // labels
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, LEFT, TOP - 14);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, height - 12);
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(TOP + plotH / 2 + g.getFontMetrics().stringWidth(yLabel) / 2), 16);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    if (raw <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String format(double v) {
    if (v >= 10_000) {
      return String.format(Locale.ROOT, "%.0fk", v / 1000);
    }
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2g", v);
  }
}
