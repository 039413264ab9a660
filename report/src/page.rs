//! The page shell: head, CSS, header with the day selector, the sections, the data the
//! tooltips read, and the script.
//!
//! The page loads nothing: a Content-Security-Policy forbids every fetch, and the script and
//! styles are inline. The script records its own failures in the DOM: `body` starts with
//! `data-ready="0" data-script-errors="0"`; any uncaught error increments
//! `data-script-errors` and is written into `#script-errors`; the last step of a clean start
//! sets `data-ready="1"`, and `data-init-ms` the milliseconds from the start of loading to
//! then. The browser test reads these from the dumped DOM.

use crate::data::Data;
use crate::html::esc;
use std::fmt::Write;

/// The whole page around the rendered sections.
pub(crate) fn page(d: &Data, sections: &[String]) -> String {
    let title = if !d.options.title.is_empty() {
        d.options.title.clone()
    } else if !d.problem.name.is_empty() {
        format!("Rota report: {}", d.problem.name)
    } else {
        "Rota report".to_string()
    };
    let size: usize = sections.iter().map(String::len).sum();
    let mut out = String::with_capacity(size + 64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head>\n\
         <body data-ready=\"0\" data-script-errors=\"0\"><script>{ERRORS}</script>\n",
        esc(&title)
    );
    let _ = write!(out, "<header><h1>{}</h1><p class=\"meta\">", esc(&title));
    let week = d.problem.week();
    let _ = write!(
        out,
        "Week {} to {}; {} clients, {} carers, {} visits; {} rounds.",
        week.date(0).format("%a %-d %b %Y"),
        week.date(6).format("%a %-d %b %Y"),
        d.problem.clients.len(),
        d.problem.carers.len(),
        d.problem.visits.len(),
        d.rota.rounds.len()
    );
    if let Some(m) = &d.rota.made_by {
        let _ = write!(out, " Rota made by {}", esc(&m.tool));
        if !m.algorithm.is_empty() {
            let _ = write!(out, ", {}", esc(&m.algorithm));
        }
        if let Some(seed) = m.seed {
            let _ = write!(out, ", seed {seed}");
        }
        out.push('.');
        match m.stopped_by {
            Some(rota::format::rota::Stop::Interrupted) => {
                out.push_str(" <strong>The solve was interrupted: this is the best rota it had found.</strong>")
            }
            Some(rota::format::rota::Stop::Clock) => out.push_str(" The time limit ended the solve."),
            _ => {}
        }
    }
    if !d.options.sources.is_empty() {
        let _ = write!(out, " From {}.", esc(&d.options.sources.join(", ")));
    }
    out.push_str(" Figures are the independent checker's (<code>rota check</code>).</p>");
    out.push_str("<pre id=\"script-errors\" hidden></pre></header>\n");

    out.push_str(
        "<nav><a href=\"#kpis\">Summary</a><a href=\"#gantt\">Rounds</a><a href=\"#map\">Map</a>\
         <a href=\"#unassigned\">Unassigned</a><a href=\"#continuity\">Continuity</a><a href=\"#carer-hours\">Carer hours</a>\
         <span class=\"daysel\"><label for=\"day\">Day</label> <button type=\"button\" id=\"prev\" title=\"previous day\">&#9664;</button>\
         <select id=\"day\">",
    );
    for i in 0..d.days.len() {
        let _ = write!(
            out,
            "<option value=\"{i}\"{}>{}</option>",
            if i == d.first_day { " selected" } else { "" },
            esc(&d.day_label(i))
        );
    }
    out.push_str(
        "</select> <button type=\"button\" id=\"next\" title=\"next day\">&#9654;</button></span></nav>\n<main>",
    );
    for s in sections {
        out.push_str(s);
        out.push('\n');
    }
    out.push_str("</main><div id=\"tip\" hidden></div>\n<script type=\"application/json\" id=\"report-data\">");
    out.push_str(&d.script_data());
    let _ = write!(out, "</script>\n<script>{SORT_TABLES}\n{SCRIPT}</script>\n</body></html>\n");
    out
}

/// Clicking a header of a `table.sort` sorts its rows by that column (by `data-v` where a cell
/// has one, else by its text), a second click the other way; shared by every page's script.
pub(crate) const SORT_TABLES: &str = r#"function rotaSortTables(){
document.querySelectorAll("table.sort th").forEach(function(th){th.addEventListener("click",function(){
 var tb=th.closest("table").tBodies[0],i=Array.prototype.indexOf.call(th.parentNode.children,th),asc=th.getAttribute("data-dir")!=="asc";
 th.parentNode.querySelectorAll("th").forEach(function(h){h.removeAttribute("data-dir");});th.setAttribute("data-dir",asc?"asc":"desc");
 function key(r){var c=r.cells[i];if(!c)return "";var v=c.getAttribute("data-v");return v!==null?parseFloat(v):c.textContent;}
 var rows=Array.prototype.slice.call(tb.rows);
 rows.sort(function(x,y){var p=key(x),q=key(y),r=(typeof p==="number"&&typeof q==="number")?p-q:String(p).localeCompare(String(q),undefined,{numeric:true});return asc?r:-r;});
 rows.forEach(function(r){tb.appendChild(r);});});});
}"#;

/// Installed first: counts and shows any uncaught error.
pub(crate) const ERRORS: &str = r#"window.onerror=function(m,s,l){var b=document.body;b.setAttribute("data-script-errors",String((+b.getAttribute("data-script-errors")||0)+1));var p=document.getElementById("script-errors");if(p){p.hidden=false;p.textContent+="script error: "+m+" (line "+l+")\n";}};"#;

pub(crate) const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#fff}
header{padding:14px 20px 6px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:18px 0 8px}
.meta{color:#555;margin:0}
#script-errors{color:#b00;background:#fee;padding:6px}
nav{position:sticky;top:0;z-index:5;background:#f3f5f8;border-bottom:1px solid #d8dde5;padding:6px 20px;display:flex;gap:14px;align-items:center;flex-wrap:wrap}
nav a{color:#1f4f9a;text-decoration:none}
nav a:hover{text-decoration:underline}
.daysel{margin-left:auto;font-weight:600}
.daysel select,.daysel button{font:inherit;padding:2px 6px}
main{padding:0 20px 40px}
section{margin-top:8px;border-top:1px solid #e3e6eb}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.tile{border:1px solid #dfe3ea;border-radius:6px;padding:8px 10px;background:#fafbfc}
.tile.ok{border-color:#7cbf7c;background:#f1faf1}
.tile.bad{border-color:#d77;background:#fdf0f0}
.tile.warn{border-color:#e3b34c;background:#fffaf0}
.tl{font-size:12px;color:#555;text-transform:uppercase;letter-spacing:.03em}
.tv{font-size:22px;font-weight:650}
.td{font-size:12px;color:#444}
.note{color:#8a5a00}
details{margin:10px 0}
summary{cursor:pointer;font-weight:600}
pre{white-space:pre-wrap;font-size:12px;background:#f6f7f9;padding:8px}
.scroll{overflow:auto;max-width:100%}
.scroll.tall{max-height:520px}
table{border-collapse:collapse;font-size:13px}
th,td{padding:3px 8px;border-bottom:1px solid #eceff3;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#eef1f5;cursor:pointer;white-space:nowrap}
th[data-dir=asc]::after{content:" \25B2"}
th[data-dir=desc]::after{content:" \25BC"}
td.n{text-align:right;white-space:nowrap}
td.ids{font-size:12px;color:#444}
.badge{padding:0 6px;border-radius:8px;font-size:12px;white-space:nowrap;background:#eee}
.badge.ok{background:#dff2df}.badge.warn{background:#fdebc8}.badge.bad{background:#f9d3d3}
.good{color:#1c7a1c;font-weight:600}
.empty,.hint{color:#666;font-size:13px}
.meter{display:inline-block;width:60px;height:8px;background:#e6e9ee;margin-right:6px;vertical-align:middle}
.meter span{display:block;height:100%;background:#4a7bd0}
.sw{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px;vertical-align:middle}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.daysum{font-weight:600;margin:6px 0}
svg text{font-size:11px;fill:#333}
.gantt .ax text{fill:#666;text-anchor:middle}
.gr{stroke:#dde1e7;stroke-width:1;vector-effect:non-scaling-stroke;fill:none}
.rb{fill:#f6f7f9}
.cl{cursor:pointer}
.cl.on text{font-weight:700;fill:#000}
.a{fill:#e3f1e3}
.v{fill:#4a7bd0;cursor:pointer}
.v.dh{fill:#8a4fc0}
.v.tc{fill:#e0692b}
.v.tc.dh{stroke:#5b2a8a;stroke-width:2;vector-effect:non-scaling-stroke}
.v:hover,.v.pin{stroke:#000;stroke-width:2;vector-effect:non-scaling-stroke}
.t{fill:#7a808a}
.c{fill:#c3c7ce}
.w{fill:#e6c229}
.bl text{font-size:9px;fill:#fff;pointer-events:none}
.map{max-width:100%;height:auto;border:1px solid #dfe3ea}
.mb{fill:#f8faf8}
.r{fill:none;stroke-width:2;stroke-linejoin:round;opacity:.85;cursor:pointer}
.r:hover{stroke-width:4;opacity:1}
.map.focus .r{opacity:.08}
.map.focus .r.on{opacity:1;stroke-width:4}
.h{stroke:#fff;stroke-width:1}
.p{fill:#222;stroke:#fff;stroke-width:1}
.p.pu{fill:#d22}
.sb{fill:none;stroke:#333;stroke-width:1.5}
.sbt{font-size:11px}
#tip{position:fixed;z-index:10;max-width:340px;background:#fff;border:1px solid #9aa3b0;border-radius:5px;box-shadow:0 2px 8px rgba(0,0,0,.18);padding:6px 9px;font-size:12px;pointer-events:none}
#tip .th{font-weight:700;font-size:13px;margin-bottom:2px}
#tip b{color:#555;font-weight:600}
"#;

const SCRIPT: &str = r#"(function(){"use strict";
var b=document.body;
try{
var D=JSON.parse(document.getElementById("report-data").textContent);
var tip=document.getElementById("tip"),pinned=null,focused=-1;
function toMin(t){var p=String(t).split(":");return p.length<2?NaN:(+p[0])*60+(+p[1])+(p[2]?(+p[2])/60:0);}
function fmt(x){return String(Math.round(x*1000)/1000);}
function head(t){var h=document.createElement("div");h.className="th";h.textContent=t;tip.appendChild(h);}
function line(k,v){var r=document.createElement("div"),s=document.createElement("b");s.textContent=k+": ";r.appendChild(s);r.appendChild(document.createTextNode(v));tip.appendChild(r);}
function place(e){var w=tip.offsetWidth,h=tip.offsetHeight,x=e.clientX+14,y=e.clientY+14;if(x+w>window.innerWidth-6)x=e.clientX-w-14;if(y+h>window.innerHeight-6)y=e.clientY-h-14;tip.style.left=Math.max(4,x)+"px";tip.style.top=Math.max(4,y)+"px";}
function show(e,fill){tip.textContent="";fill();tip.hidden=false;place(e);}
function seat(i){var s=D.seats[i],v=D.visits[s[0]];
 head(v[1]?"client "+v[1]:"visit "+v[0]);
 var kind=[];if(v[5]&1)kind.push("time-critical");if(v[5]&2)kind.push(v[7]>2?"triple-handed":"double-handed");
 line("visit",v[0]+(kind.length?" ("+kind.join(", ")+")":"")+(v[2]?", "+v[2]:""));
 line("carer",D.carers[s[1]]);
 var a=toMin(s[2]),z=toMin(s[3]);
 line("planned",s[2]+"–"+s[3]+" ("+fmt(z-a)+" min on site)");
 if(v[3]){var dev=a-toMin(v[3]);line("target",v[3]+(dev?" (planned "+(dev>0?"+":"")+fmt(dev)+" min)":" (on time)")+(v[6]?"; window "+v[6]:""));}
 if(v[4])line("duration",v[4]+" min commissioned");
 var co=[];for(var j=0;j<v[8].length;j++){if(v[8][j]!==s[1])co.push(D.carers[v[8][j]]);}
 if(v[7]>1||co.length)line("co-carer",co.length?co.join(", "):"none scheduled");
 line("before it",fmt(s[4])+" min travel"+(s[5]?", "+fmt(s[5])+" min waiting":""));}
function client(i){var c=D.clients[i];head("client "+c[0]);if(c[1])line("postcode",c[1]);if(c[2])line("cluster",c[2]);line("commissioned",c[3]+" h a week");}
function carer(t){head("carer "+D.carers[+t.getAttribute("data-c")]);var n=t.getAttribute("data-n");if(n!==null)line("visits this day",n);}
function target(t){if(!t||!t.getAttribute)return null;if(t.hasAttribute("data-s"))return function(){seat(+t.getAttribute("data-s"));};if(t.hasAttribute("data-cl"))return function(){client(+t.getAttribute("data-cl"));};if(t.hasAttribute("data-c")&&t.closest(".map"))return function(){carer(t);};return null;}
document.addEventListener("mouseover",function(e){if(pinned)return;var f=target(e.target);if(f)show(e,f);});
document.addEventListener("mousemove",function(e){if(!pinned&&!tip.hidden)place(e);});
document.addEventListener("mouseout",function(e){if(!pinned&&target(e.target))tip.hidden=true;});
function focus(c){focused=focused===c?-1:c;
 document.querySelectorAll(".map").forEach(function(m){m.classList.toggle("focus",focused>=0);});
 document.querySelectorAll(".map [data-c],.gantt .cl").forEach(function(p){p.classList.toggle("on",+p.getAttribute("data-c")===focused);});}
document.addEventListener("click",function(e){var t=e.target;
 if(pinned){pinned.classList.remove("pin");pinned=null;tip.hidden=true;}
 if(!t||!t.getAttribute)return;
 if(t.hasAttribute("data-s")){var f=target(t);show(e,f);pinned=t;t.classList.add("pin");return;}
 var g=t.closest("[data-c]");if(g&&(g.closest(".map")||g.classList.contains("cl")))focus(+g.getAttribute("data-c"));});
var sel=document.getElementById("day"),n=sel.options.length;
function setDay(i){sel.value=String(i);document.querySelectorAll(".day").forEach(function(el){el.hidden=el.getAttribute("data-day")!==String(i);});if(pinned){pinned.classList.remove("pin");pinned=null;}tip.hidden=true;}
sel.addEventListener("change",function(){setDay(sel.value);});
document.getElementById("prev").addEventListener("click",function(){setDay((+sel.value+n-1)%n);});
document.getElementById("next").addEventListener("click",function(){setDay((+sel.value+1)%n);});
rotaSortTables();
b.setAttribute("data-init-ms",String(Math.round(performance.now())));
b.setAttribute("data-ready","1");
}catch(err){window.onerror(String(err&&err.message||err),"",0);}
})();"#;
