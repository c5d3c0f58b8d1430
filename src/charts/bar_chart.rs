//! Bar charts: vertical (stacked or grouped, with reference lines) and
//! horizontal, for long category names.

use super::*;

/// A bar chart. Errors are plotters' drawing errors as text (they do not
/// happen with an in-memory SVG, but are not hidden either).
pub fn bars(chart: &Bars, label: &Label, p: &Palette) -> Result<Drawn, String> {
    let table = bars_table(chart);
    if chart.horizontal {
        let svg = horizontal_bars(chart, label, p)?;
        return Ok(Drawn { svg, table });
    }
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let n = chart.categories.len().max(1);
        let top = chart.y_max.unwrap_or_else(|| {
            let max = (0..n)
                .map(|i| {
                    let vals = chart
                        .series
                        .iter()
                        .map(|s| s.values.get(i).copied().unwrap_or(0.0));
                    if chart.stacked {
                        vals.sum::<f64>()
                    } else {
                        vals.fold(0.0, f64::max)
                    }
                })
                .fold(0.0, f64::max);
            // The tallest bar should not touch the frame: a maximum of
            // exactly 40 gets an axis to 50.
            nice_max(max * 1.0001)
        });
        let text = Palette::color(&p.text);
        let fill = |i: usize| {
            if chart.by_class {
                p.classes
                    .get(i)
                    .map_or_else(|| p.series_color(i), |c| Palette::color(c))
            } else {
                p.series_color(i)
            }
        };
        let mut items: Vec<(String, LegendKey)> = Vec::new();
        if chart.series.len() > 1 {
            items.extend(
                chart
                    .series
                    .iter()
                    .map(|s| (s.name.clone(), LegendKey::Swatch)),
            );
        }
        let offset = items.len();
        items.extend(
            chart
                .markers
                .iter()
                .map(|m| (m.label.clone(), LegendKey::Target { dashed: m.dashed })),
        );
        legend(&root, p, &items, &|i| {
            if i < offset {
                fill(i)
            } else {
                Palette::color(&p.target)
            }
        })?;
        let (_, body) = root.split_vertically(legend_height(&items));
        let mut cc = plot_area(&body, p, n as f64, top, chart.percent, &chart.y_desc)?;

        let groups = if chart.stacked {
            1
        } else {
            chart.series.len().max(1)
        };
        let slot = 0.8 / groups as f64;
        for i in 0..n {
            let mut base = 0.0;
            for (s, series) in chart.series.iter().enumerate() {
                let v = series.values.get(i).copied().unwrap_or(0.0);
                if v <= 0.0 {
                    continue;
                }
                let (x0, x1, y0, y1) = if chart.stacked {
                    (i as f64 + 0.1, i as f64 + 0.9, base, base + v)
                } else {
                    let x0 = i as f64 + 0.1 + s as f64 * slot;
                    (x0, x0 + slot, 0.0, v)
                };
                base += v;
                cc.draw_series(std::iter::once(Rectangle::new(
                    [(x0, y0), (x1, y1.min(top))],
                    fill(s).filled(),
                )))
                .map_err(|e| e.to_string())?;
                // A dark edge: light bars keep 3:1 against the card.
                cc.draw_series(std::iter::once(Rectangle::new(
                    [(x0, y0), (x1, y1.min(top))],
                    ShapeStyle::from(&text).stroke_width(1),
                )))
                .map_err(|e| e.to_string())?;
            }
        }
        let every = chart.label_every.max(1);
        let label_style = font(p, TEXT, &text).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, name) in chart.categories.iter().enumerate() {
            // Counted back from the last category, so the last is always named.
            if !(n - 1 - i).is_multiple_of(every) {
                continue;
            }
            let x = if chart.edge_labels {
                i as f64
            } else {
                i as f64 + 0.5
            };
            cc.draw_series(std::iter::once(
                EmptyElement::at((x, 0.0)) + Text::new(name.clone(), (0, 6), label_style.clone()),
            ))
            .map_err(|e| e.to_string())?;
        }
        let target = Palette::color(&p.target);
        for m in &chart.markers {
            let style = ShapeStyle::from(&target).stroke_width(if m.dashed { 1 } else { 2 });
            if m.dashed {
                cc.draw_series(DashedLineSeries::new(
                    [(m.at, 0.0), (m.at, top)],
                    6,
                    4,
                    style,
                ))
                .map_err(|e| e.to_string())?;
            } else {
                cc.draw_series(std::iter::once(PathElement::new(
                    vec![(m.at, 0.0), (m.at, top)],
                    style,
                )))
                .map_err(|e| e.to_string())?;
            }
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(Drawn {
        svg: finish(svg, label, HEIGHT, p),
        table,
    })
}

/// Category labels longer than this are shortened with an ellipsis (the
/// chart's description and the page's table carry the full name).
pub(super) const MAX_LABEL_CHARS: usize = 30;

/// A rough text width for the system sans-serif at `size` px, enough to
/// reserve room for the labels of a horizontal chart.
pub(super) fn text_width(s: &str, size: f64) -> i32 {
    (s.chars().count() as f64 * size * 0.56).ceil() as i32
}

pub(super) fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL_CHARS {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX_LABEL_CHARS - 1).collect();
        out.push('…');
        out
    }
}

/// Bars running right from names on the y axis, grouped per category, each
/// labelled with its value. The chart grows taller with the categories, so
/// every name keeps a readable line of its own.
pub(super) fn horizontal_bars(chart: &Bars, label: &Label, p: &Palette) -> Result<String, String> {
    const ROW: u32 = 46;
    let n = chart.categories.len().max(1);
    let height = HEIGHT.max(LEGEND_ROW as u32 + 12 + 50 + n as u32 * ROW);
    let names: Vec<String> = chart.categories.iter().map(|c| shorten(c)).collect();
    let label_area = names
        .iter()
        .map(|s| text_width(s, TEXT * 0.85))
        .max()
        .unwrap_or(0)
        .clamp(40, (WIDTH / 2) as i32)
        + 14;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let top = chart.y_max.unwrap_or_else(|| {
            nice_max(
                chart
                    .series
                    .iter()
                    .flat_map(|s| s.values.iter().copied())
                    .fold(0.0, f64::max)
                    * 1.05,
            )
        });
        let text = Palette::color(&p.text);
        let axis = Palette::color(&p.axis);
        let grid = Palette::color(&p.grid);
        let items: Vec<(String, LegendKey)> = if chart.series.len() > 1 {
            chart
                .series
                .iter()
                .map(|s| (s.name.clone(), LegendKey::Swatch))
                .collect()
        } else {
            Vec::new()
        };
        legend(&root, p, &items, &|i| p.series_color(i))?;
        let (_, body) = root.split_vertically(legend_height(&items));
        // Values are labelled at the bar ends; leave room right of 100 %.
        let mut cc = ChartBuilder::on(&body)
            .margin_right(54)
            .margin_top(8)
            .x_label_area_size(50)
            .y_label_area_size(label_area as u32)
            .build_cartesian_2d(0f64..top, 0f64..n as f64)
            .map_err(|e| e.to_string())?;
        let percent = chart.percent;
        let x_fmt = move |v: &f64| fmt_y(*v, percent);
        cc.configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(5)
            .x_label_formatter(&x_fmt)
            .light_line_style(TRANSPARENT)
            .bold_line_style(ShapeStyle::from(&grid).stroke_width(1))
            .axis_style(ShapeStyle::from(&axis).stroke_width(1))
            .label_style(font(p, TEXT, &text))
            .axis_desc_style(font(p, TEXT, &text))
            .x_desc(chart.y_desc.as_str())
            .draw()
            .map_err(|e| e.to_string())?;
        let groups = chart.series.len().max(1);
        let slot = 0.76 / groups as f64;
        let name_style = font(p, TEXT, &text).pos(Pos::new(HPos::Right, VPos::Center));
        let value_style = font(p, TEXT, &text).pos(Pos::new(HPos::Left, VPos::Center));
        let muted = Palette::color(&p.axis);
        let note_style = font(p, TEXT, &muted).pos(Pos::new(HPos::Left, VPos::Center));
        for (i, name) in names.iter().enumerate() {
            // The first category at the top.
            let row_top = (n - i) as f64;
            cc.draw_series(std::iter::once(
                EmptyElement::at((0.0, row_top - 0.5))
                    + Text::new(name.clone(), (-8, 0), name_style.clone()),
            ))
            .map_err(|e| e.to_string())?;
            if let Some(note) = chart.notes.get(i).filter(|n| !n.is_empty()) {
                cc.draw_series(std::iter::once(
                    EmptyElement::at((0.0, row_top - 0.5))
                        + Text::new(note.clone(), (8, 0), note_style.clone()),
                ))
                .map_err(|e| e.to_string())?;
                continue;
            }
            for (s, series) in chart.series.iter().enumerate() {
                let v = series.values.get(i).copied().unwrap_or(0.0);
                let y1 = row_top - 0.12 - s as f64 * slot;
                let y0 = y1 - slot * 0.92;
                if v > 0.0 {
                    cc.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (v.min(top), y1)],
                        p.series_color(s).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
                    cc.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (v.min(top), y1)],
                        ShapeStyle::from(&text).stroke_width(1),
                    )))
                    .map_err(|e| e.to_string())?;
                }
                cc.draw_series(std::iter::once(
                    EmptyElement::at((v.clamp(0.0, top), (y0 + y1) / 2.0))
                        + Text::new(fmt_y(v, percent), (5, 0), value_style.clone()),
                ))
                .map_err(|e| e.to_string())?;
            }
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(finish(svg, label, height, p))
}
