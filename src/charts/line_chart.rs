//! Line charts (month-by-month trends) and the panel shown instead of an
//! empty chart.

use super::*;

/// A calm panel in place of a chart that has nothing to show (a month
/// without reviews), rather than empty axes.
pub fn message(text: &str, label: &Label, p: &Palette) -> Result<Drawn, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let muted = Palette::color(&p.axis);
        root.draw(&Text::new(
            text.to_string(),
            ((WIDTH / 2) as i32, (HEIGHT / 2) as i32),
            font(p, TEXT * 1.1, &muted).pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(Drawn {
        svg: finish(svg, label, HEIGHT, p),
        table: Table::default(),
    })
}

/// A trend chart: one line per series over the categories (months).
pub fn lines(chart: &Lines, label: &Label, p: &Palette) -> Result<Drawn, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let n = chart.categories.len().max(1);
        let max = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .chain(chart.target.as_ref().map(|t| t.0))
            .fold(0.0, f64::max);
        let top = chart.y_max.unwrap_or_else(|| nice_max(max * 1.1));
        let text = Palette::color(&p.text);
        let styles: Vec<LineStyle> = (0..chart.series.len())
            .map(|i| LineStyle {
                dashed: i % 2 == 1,
                marker: i,
            })
            .collect();
        let mut items: Vec<(String, LegendKey)> = chart
            .series
            .iter()
            .zip(&styles)
            .map(|(s, st)| (s.name.clone(), LegendKey::Line(*st)))
            .collect();
        if let Some((_, name)) = &chart.target {
            items.push((name.clone(), LegendKey::Target { dashed: true }));
        }
        let n_series = chart.series.len();
        legend(&root, p, &items, &|i| {
            if i < n_series {
                p.series_color(i)
            } else {
                Palette::color(&p.target)
            }
        })?;
        let (_, body) = root.split_vertically(legend_height(&items));
        let mut cc = plot_area(&body, p, n as f64, top, chart.percent, &chart.y_desc)?;
        if let Some((t, _)) = &chart.target {
            let style = ShapeStyle::from(&Palette::color(&p.target)).stroke_width(1);
            cc.draw_series(DashedLineSeries::new(
                [(0.0, *t), (n as f64, *t)],
                6,
                4,
                style,
            ))
            .map_err(|e| e.to_string())?;
        }
        for (s, series) in chart.series.iter().enumerate() {
            let c = p.series_color(s);
            let stroke = ShapeStyle::from(&c).stroke_width(2);
            // Contiguous runs of known values; a gap breaks the line.
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut runs = Vec::new();
            for (i, v) in series.values.iter().enumerate() {
                match v {
                    Some(v) => run.push((i as f64 + 0.5, v.min(top))),
                    None => runs.push(std::mem::take(&mut run)),
                }
            }
            runs.push(run);
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                if styles[s].dashed {
                    cc.draw_series(DashedLineSeries::new(run.clone(), 7, 4, stroke))
                        .map_err(|e| e.to_string())?;
                } else {
                    cc.draw_series(std::iter::once(PathElement::new(run.clone(), stroke)))
                        .map_err(|e| e.to_string())?;
                }
                for pt in run {
                    let px = cc.backend_coord(&pt);
                    draw_marker(&root, styles[s].marker, px, c)?;
                }
            }
        }
        // Real values of points above the top, written last (over the
        // lines) beside their point; neighbours above the top take turns
        // on two rows, so their values never print over each other.
        if let Some(show) = chart.over_top {
            for (s, series) in chart.series.iter().enumerate() {
                let c = p.series_color(s);
                let mut prev: Option<(usize, bool)> = None;
                for (i, v) in series.values.iter().enumerate() {
                    let Some(v) = v.filter(|v| *v > top) else {
                        continue;
                    };
                    let low = matches!(prev, Some((j, low)) if j + 1 == i && !low);
                    prev = Some((i, low));
                    let right_half = i as f64 + 0.5 > n as f64 / 2.0;
                    let (hpos, dx) = if right_half {
                        (HPos::Right, -8)
                    } else {
                        (HPos::Left, 8)
                    };
                    let style = font(p, TEXT, &c).pos(Pos::new(hpos, VPos::Top));
                    let dy = if low { 26 } else { 4 };
                    cc.draw_series(std::iter::once(
                        EmptyElement::at((i as f64 + 0.5, top))
                            + Text::new(show(v), (dx, dy), style),
                    ))
                    .map_err(|e| e.to_string())?;
                }
            }
        }
        let label_style = font(p, TEXT, &text).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, name) in chart.categories.iter().enumerate() {
            if !label_shown(i, n) {
                continue;
            }
            cc.draw_series(std::iter::once(
                EmptyElement::at((i as f64 + 0.5, 0.0))
                    + Text::new(name.clone(), (0, 6), label_style.clone()),
            ))
            .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(Drawn {
        svg: finish(svg, label, HEIGHT, p),
        table: lines_table(chart),
    })
}
