//! Charts as inline SVG, drawn with plotters in the theme's palette.
//!
//! Two shapes cover every chart of the site: `bars` (categories with stacked
//! or grouped values, optional reference lines: the response-time
//! histogram, ratings, daily volume, locations compared) and `lines`
//! (month-by-month trends with an optional target line). Each chart carries
//! a `<title>` and `<desc>` for screen readers, and tells its series apart
//! by lightness, dash and marker as well as hue, so it reads in grayscale.
//!
//! Architecture invariant: pure functions from numbers to SVG text; no I/O,
//! and the same input always gives the same bytes (ids come from the caller).

mod bar_chart;
mod line_chart;

pub use bar_chart::*;
pub use line_chart::*;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// The colours a chart uses. The default matches `themes/default/static/style.css`;
/// a theme may replace it with a `palette.json` beside its `templates/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Palette {
    /// Text and axis labels.
    pub text: String,
    /// Axes (drawn thin).
    pub axis: String,
    /// Grid lines (drawn light).
    pub grid: String,
    /// Series colours, dark to light, so that a grayscale print still orders them.
    pub series: Vec<String>,
    /// Target and reference lines.
    pub target: String,
    /// Review classes: positive, neutral, negative, unrated (distinct in
    /// lightness as well as hue).
    pub classes: Vec<String>,
    pub font: String,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            text: "#3d4451".into(),
            axis: "#8a909c".into(),
            grid: "#e6e8ec".into(),
            series: vec![
                "#1f4e79".into(),
                "#5b8fb9".into(),
                "#a9c6de".into(),
                "#c98b5a".into(),
            ],
            target: "#b5443a".into(),
            classes: vec![
                "#1f4e79".into(),
                "#9fb3c8".into(),
                "#c0634f".into(),
                "#dcdfe4".into(),
            ],
            font: "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif".into(),
        }
    }
}

impl Palette {
    fn color(hex: &str) -> RGBColor {
        let h = hex.trim_start_matches('#');
        let byte = |i: usize| {
            h.get(i..i + 2)
                .and_then(|s| u8::from_str_radix(s, 16).ok())
                .unwrap_or(0x80)
        };
        RGBColor(byte(0), byte(2), byte(4))
    }
    fn series_color(&self, i: usize) -> RGBColor {
        match self.series.get(i).or_else(|| self.series.last()) {
            Some(c) => Palette::color(c),
            None => RGBColor(0x55, 0x55, 0x55),
        }
    }
}

/// A drawn chart: its SVG, and its numbers as a table (category, then one
/// column per series) for the page to offer under the chart.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    pub svg: String,
    pub table: Table,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn fmt_cell(v: Option<f64>, percent: bool) -> String {
    match v {
        None => "–".into(),
        Some(v) if percent => format!("{:.0}%", v * 100.0),
        Some(v) if v.fract().abs() < 1e-9 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
    }
}

fn bars_table(chart: &Bars) -> Table {
    numbers_table(
        &chart.categories,
        chart.series.iter().map(|s| s.name.clone()),
        |s, i| chart.series[s].values.get(i).copied(),
        chart.percent,
    )
}

fn lines_table(chart: &Lines) -> Table {
    numbers_table(
        &chart.categories,
        chart.series.iter().map(|s| s.name.clone()),
        |s, i| chart.series[s].values.get(i).copied().flatten(),
        chart.percent,
    )
}

/// A chart's numbers as a table: a row per category, a column per series;
/// `value(series, category)` is the number drawn, if any.
fn numbers_table(
    categories: &[String],
    names: impl Iterator<Item = String>,
    value: impl Fn(usize, usize) -> Option<f64>,
    percent: bool,
) -> Table {
    let mut head = vec![String::new()];
    head.extend(names);
    let rows = categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut row = vec![c.clone()];
            row.extend((0..head.len() - 1).map(|s| fmt_cell(value(s, i), percent)));
            row
        })
        .collect();
    Table { head, rows }
}

/// What a screen reader announces: a title and a sentence on what the chart shows.
#[derive(Debug, Clone)]
pub struct Label {
    /// Unique within the page, e.g. `chart-response-hours`.
    pub id: String,
    pub title: String,
    pub desc: String,
}

/// One stacked layer or grouped bar of a bar chart.
#[derive(Debug, Clone)]
pub struct BarSeries {
    pub name: String,
    pub values: Vec<f64>,
}

/// A vertical reference line at a category boundary (e.g. the response target).
#[derive(Debug, Clone)]
pub struct Marker {
    /// Position in category units: 0.0 is the left edge of the first bar.
    pub at: f64,
    pub label: String,
    pub dashed: bool,
}

#[derive(Debug, Clone)]
pub struct Bars {
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
    /// Stacked when true, side by side when false.
    pub stacked: bool,
    pub y_desc: String,
    /// Formats a y-axis value (e.g. as a percentage).
    pub percent: bool,
    pub markers: Vec<Marker>,
    /// Fixed top of the y axis (e.g. 100 % for rates); else from the data.
    pub y_max: Option<f64>,
    /// Show only every n-th category label (long axes such as days).
    pub label_every: usize,
    /// Colour series by review class (`Palette::classes`) instead of `Palette::series`.
    pub by_class: bool,
    /// Categories down the y axis, bars running right, each bar labelled
    /// with its value: for long category names (locations), which would
    /// collide side by side under vertical bars.
    pub horizontal: bool,
    /// Per category, text shown in place of its bars (e.g. "no reviews");
    /// empty or missing means draw the bars. Horizontal charts only.
    pub notes: Vec<String>,
    /// Labels at the left edge of their bar instead of under its middle:
    /// for bins that start at the labelled value (a histogram), so a marker
    /// at 24 h sits on the "24" tick rather than half a bin to its left.
    pub edge_labels: bool,
}

/// One line of a trend chart; `None` leaves a gap.
#[derive(Debug, Clone)]
pub struct LineSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone)]
pub struct Lines {
    pub categories: Vec<String>,
    pub series: Vec<LineSeries>,
    pub y_desc: String,
    pub percent: bool,
    /// A horizontal target line and its label.
    pub target: Option<(f64, String)>,
    pub y_max: Option<f64>,
    /// With a fixed `y_max`, values above it are drawn at the top; this
    /// writes their real value beside them, so a flat run along the top
    /// is not read as a steady figure.
    pub over_top: Option<fn(f64) -> String>,
}

/// The drawing is narrow and its text large (20 px asked of plotters, which
/// writes 16.1 px), so that scaled down to a 375-pixel phone (about 340 px
/// across) the text stays above 11 px, and printed two across on A4 above 7 pt.
const WIDTH: u32 = 480;
const HEIGHT: u32 = 300;
/// One row of legend; a legend that does not fit across wraps to more rows.
const LEGEND_ROW: i32 = 24;
/// Plotters' size for all chart text.
const TEXT: f64 = 20.0;

/// Which category labels a line chart writes: all up to six, else every
/// other one counted back from the last, so the latest month is always named.
pub fn label_shown(i: usize, n: usize) -> bool {
    n <= 6 || (n - 1 - i).is_multiple_of(2)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

fn font<'a>(p: &'a Palette, size: f64, color: &'a RGBColor) -> TextStyle<'a> {
    TextStyle::from((p.font.as_str(), size).into_font()).color(color)
}

fn nice_max(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * mag >= v {
            return step * mag;
        }
    }
    10.0 * mag
}

/// How many y labels to ask plotters for: on a small count axis one per
/// whole number, so a month of two reviews is not labelled 0.5, 1.5.
fn y_label_count(top: f64, percent: bool) -> usize {
    if !percent && top <= 5.0 {
        top.floor().max(1.0) as usize + 1
    } else {
        5
    }
}

fn fmt_y(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.0}%", v * 100.0)
    } else if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Draws the legend row at the top of the chart: a swatch (or line sample with
/// its marker) and the series name, so the legend survives grayscale too.
fn legend(
    root: &Area,
    p: &Palette,
    items: &[(String, LegendKey)],
    color: &dyn Fn(usize) -> RGBColor,
) -> Result<(), String> {
    let text = Palette::color(&p.text);
    let mut x = 8;
    let mut y = 12;
    for (i, (name, key)) in items.iter().enumerate() {
        let c = color(i);
        let w = legend_width(name);
        if x > 8 && x + w > WIDTH as i32 {
            x = 8;
            y += LEGEND_ROW;
        }
        match key {
            LegendKey::Swatch => {
                root.draw(&Rectangle::new([(x, y - 6), (x + 12, y + 6)], c.filled()))
                    .map_err(|e| e.to_string())?;
                root.draw(&Rectangle::new(
                    [(x, y - 6), (x + 12, y + 6)],
                    ShapeStyle::from(&text).stroke_width(1),
                ))
                .map_err(|e| e.to_string())?;
            }
            LegendKey::Line(style) => {
                let stroke = ShapeStyle::from(&c).stroke_width(2);
                if style.dashed {
                    for k in 0..3 {
                        root.draw(&PathElement::new(
                            vec![(x + k * 8, y), (x + k * 8 + 5, y)],
                            stroke,
                        ))
                        .map_err(|e| e.to_string())?;
                    }
                } else {
                    root.draw(&PathElement::new(vec![(x, y), (x + 22, y)], stroke))
                        .map_err(|e| e.to_string())?;
                }
                draw_marker(root, style.marker, (x + 11, y), c)?;
            }
            LegendKey::Target { dashed } => {
                let target = Palette::color(&p.target);
                if *dashed {
                    let stroke = ShapeStyle::from(&target).stroke_width(1);
                    for k in 0..4 {
                        root.draw(&PathElement::new(
                            vec![(x + k * 6, y), (x + k * 6 + 3, y)],
                            stroke,
                        ))
                        .map_err(|e| e.to_string())?;
                    }
                } else {
                    root.draw(&PathElement::new(
                        vec![(x, y), (x + 22, y)],
                        ShapeStyle::from(&target).stroke_width(2),
                    ))
                    .map_err(|e| e.to_string())?;
                }
            }
        }
        root.draw(&Text::new(
            name.clone(),
            (x + 28, y),
            font(p, TEXT, &text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(|e| e.to_string())?;
        x += w;
    }
    Ok(())
}

fn legend_width(name: &str) -> i32 {
    44 + text_width(name, TEXT * 0.85)
}

/// The height of the legend's rows (as `legend` wraps them).
fn legend_height(items: &[(String, LegendKey)]) -> i32 {
    let mut x = 8;
    let mut rows = 1;
    for (name, _) in items {
        let w = legend_width(name);
        if x > 8 && x + w > WIDTH as i32 {
            x = 8;
            rows += 1;
        }
        x += w;
    }
    rows * LEGEND_ROW + 4
}

#[derive(Debug, Clone, Copy)]
enum LegendKey {
    Swatch,
    Line(LineStyle),
    Target { dashed: bool },
}

#[derive(Debug, Clone, Copy)]
struct LineStyle {
    dashed: bool,
    marker: usize,
}

/// Markers differ by shape: circle, triangle, square, cross.
fn draw_marker(root: &Area, kind: usize, (x, y): (i32, i32), c: RGBColor) -> Result<(), String> {
    let r = 4;
    let style = c.filled();
    let result = match kind % 4 {
        0 => root.draw(&Circle::new((x, y), r, style)),
        1 => root.draw(&Polygon::new(
            vec![(x, y - r - 1), (x - r - 1, y + r), (x + r + 1, y + r)],
            style,
        )),
        2 => root.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], style)),
        _ => root
            .draw(&PathElement::new(
                vec![(x - r, y - r), (x + r, y + r)],
                ShapeStyle::from(&c).stroke_width(2),
            ))
            .and_then(|_| {
                root.draw(&PathElement::new(
                    vec![(x - r, y + r), (x + r, y - r)],
                    ShapeStyle::from(&c).stroke_width(2),
                ))
            }),
    };
    result.map_err(|e| e.to_string())
}

/// Wraps plotters' SVG with the accessible name and description, and lets
/// the stylesheet size it.
/// Text, axes, grid and target lines get a class besides their colour, so
/// the stylesheet can give them system colours under `forced-colors`.
fn finish(svg: String, label: &Label, height: u32, p: &Palette) -> String {
    let open_end = svg.find('>').unwrap_or(0);
    let mut rest = svg[open_end + 1..].to_string();
    let upper = |c: &str| c.to_ascii_uppercase();
    for (attr, color, class) in [
        ("fill", upper(&p.text), "chart-text"),
        ("fill", upper(&p.axis), "chart-muted"),
        ("stroke", upper(&p.axis), "chart-axis"),
        ("stroke", upper(&p.text), "chart-edge"),
        ("stroke", upper(&p.grid), "chart-grid"),
        ("stroke", upper(&p.target), "chart-target"),
    ] {
        rest = rest.replace(
            &format!(" {attr}=\"{color}\""),
            &format!(" class=\"{class}\" {attr}=\"{color}\""),
        );
    }
    let rest = rest.as_str();
    let id = &label.id;
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{}",
        xml_escape(&label.title),
        xml_escape(&label.desc),
        rest.trim_end()
    )
}

pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The plot area below the legend that bar and line charts share: `n`
/// slots across, `0..top` up, a light horizontal grid and a labelled y-axis.
fn plot_area<'a, 'b>(
    body: &'a Area<'b>,
    p: &Palette,
    n: f64,
    top: f64,
    percent: bool,
    y_desc: &str,
) -> Result<ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let text = Palette::color(&p.text);
    let axis = Palette::color(&p.axis);
    let grid = Palette::color(&p.grid);
    let mut cc = ChartBuilder::on(body)
        .margin_right(16)
        .margin_top(8)
        .x_label_area_size(40)
        .y_label_area_size(66)
        .build_cartesian_2d(0f64..n, 0f64..top)
        .map_err(|e| e.to_string())?;
    let y_fmt = move |v: &f64| fmt_y(*v, percent);
    cc.configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(y_label_count(top, percent))
        .y_label_formatter(&y_fmt)
        .light_line_style(TRANSPARENT)
        .bold_line_style(ShapeStyle::from(&grid).stroke_width(1))
        .axis_style(ShapeStyle::from(&axis).stroke_width(1))
        .label_style(font(p, TEXT, &text))
        .axis_desc_style(font(p, TEXT, &text))
        .y_desc(y_desc)
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(cc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label() -> Label {
        Label {
            id: "chart-x".into(),
            title: "Ratings <&>".into(),
            desc: "Five bars".into(),
        }
    }

    #[test]
    fn a_bar_chart_has_an_accessible_name_and_readable_text() {
        let svg = bars(
            &Bars {
                categories: vec!["1★".into(), "2★".into()],
                series: vec![BarSeries {
                    name: "reviews".into(),
                    values: vec![3.0, 5.0],
                }],
                stacked: true,
                y_desc: "reviews".into(),
                percent: false,
                markers: vec![Marker {
                    at: 1.0,
                    label: "target 24 h".into(),
                    dashed: false,
                }],
                y_max: None,
                label_every: 1,
                by_class: false,
                horizontal: false,
                notes: vec![],
                edge_labels: false,
            },
            &label(),
            &Palette::default(),
        )
        .unwrap()
        .svg;
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(svg.contains("<title id=\"chart-x-title\">Ratings &lt;&amp;&gt;</title>"));
        assert!(svg.contains(">\n1★\n</text>"), "{svg}");
        assert!(svg.contains("target 24 h"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn a_small_count_axis_has_whole_number_ticks() {
        let svg = bars(
            &Bars {
                categories: vec!["Sep".into(), "Oct".into()],
                series: vec![BarSeries {
                    name: "reviews".into(),
                    values: vec![1.0, 2.0],
                }],
                stacked: true,
                y_desc: "reviews".into(),
                percent: false,
                markers: vec![],
                y_max: None,
                label_every: 1,
                by_class: false,
                horizontal: false,
                notes: vec![],
                edge_labels: false,
            },
            &label(),
            &Palette::default(),
        )
        .unwrap()
        .svg;
        assert!(svg.contains(">\n1\n</text>"), "{svg}");
        assert!(!svg.contains(".5\n</text>"), "{svg}");
    }

    #[test]
    fn a_line_chart_breaks_at_gaps_and_is_deterministic() {
        let chart = Lines {
            categories: vec!["Jan".into(), "Feb".into(), "Mar".into()],
            series: vec![
                LineSeries {
                    name: "median".into(),
                    values: vec![Some(3.0), None, Some(5.0)],
                },
                LineSeries {
                    name: "p90".into(),
                    values: vec![Some(9.0), Some(12.0), Some(20.0)],
                },
            ],
            y_desc: "hours".into(),
            percent: false,
            target: Some((24.0, "target".into())),
            y_max: None,
            over_top: None,
        };
        let a = lines(&chart, &label(), &Palette::default()).unwrap();
        let b = lines(&chart, &label(), &Palette::default()).unwrap();
        assert_eq!(a.svg, b.svg);
        // The numbers under the chart: a gap is a dash.
        assert_eq!(a.table.head, ["", "median", "p90"]);
        assert_eq!(a.table.rows[1], ["Feb", "–", "12"]);
        let a = a.svg;
        assert!(a.contains(">\nFeb\n</text>"));
    }
}
