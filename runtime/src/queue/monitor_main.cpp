// concur-queue-monitor --broker redis://host:port/db --port N [--host 127.0.0.1]
//
// A status page for a Celery deployment on Redis (C++ and Python workers alike): workers, queues,
// tasks by state, rates and run times over the last minute, live. Served by concur::net on a
// concur::EventLoop; the page is one HTML document with inline script and SVG (nothing loaded
// from elsewhere), updated by Server-Sent Events (/events) every second; /api/state is the same
// snapshot as JSON. Without JavaScript the page refreshes itself every 5 s.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "concur/net.h"
#include "concur/run.h"
#include "concur/sleep.h"
#include "concur/task.h"
#include "concur/task_handle.h"
#include "monitor.h"

namespace {

using concur::queue::Json;
using concur::queue::detail::MonitorModel;

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The page: the first snapshot rendered on the server (so it works without JavaScript), then
// kept current by the script.
std::string page(const Json& s) {
  std::string workers, queues, states;
  for (const auto& w : s["workers"])
    workers += "<tr><td>" + escape(w.value("hostname", "")) + "</td><td class=\"" + w.value("status", "") + "\">" +
               w.value("status", "") + "</td><td>" + std::to_string(w.value("active", 0)) + "</td><td>" +
               std::to_string(w.value("processed", 0)) + "</td><td>" + escape(w.value("sw_ident", "")) + "</td></tr>";
  for (const auto& q : s["queues"])
    queues += "<tr><td>" + escape(q.value("name", "")) + "</td><td>" + std::to_string(q.value("waiting", 0)) + "</td><td>" +
              std::to_string(q.value("dead_letter", 0)) + "</td></tr>";
  for (const auto& [state, n] : s["tasks_by_state"].items())
    states += "<span class=\"pill " + escape(state) + "\">" + escape(state) + " " + n.dump() + "</span>";
  return R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>concur queue monitor</title>
<noscript><meta http-equiv="refresh" content="5"></noscript>
<style>
body{font:14px system-ui,sans-serif;margin:0;background:#f6f7f9;color:#222}
header{background:#1f2d3d;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:baseline}
header h1{font-size:18px;margin:0} header .sub{opacity:.75}
main{display:grid;grid-template-columns:1fr 1fr;gap:16px;padding:16px 20px}
section{background:#fff;border:1px solid #dde;border-radius:6px;padding:10px 14px}
section.wide{grid-column:1 / span 2}
h2{font-size:15px;margin:4px 0 8px}
table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:3px 8px;border-bottom:1px solid #eee}
th{font-weight:600;color:#555}
.online{color:#1a7f37;font-weight:600}.offline{color:#b42318;font-weight:600}
.pill{display:inline-block;padding:3px 10px;border-radius:12px;margin:2px 6px 2px 0;background:#e8eaef}
.SUCCESS{background:#d3f5dc}.FAILURE{background:#fbd5d5}.STARTED{background:#fff2c6}.RECEIVED{background:#dbe8ff}.RETRY{background:#f4dfff}.REVOKED{background:#e4e4e4}
svg{width:100%;height:180px;background:#fcfcfd;border:1px solid #eee}
.legend span{margin-right:14px}.mono{font-family:ui-monospace,monospace;font-size:12px}
</style></head><body>
<header><h1>concur queue monitor</h1><span class="sub" id="broker">)html" +
         escape(s.value("broker", "")) + R"html(</span><span class="sub" id="status">unacked: )html" +
         std::to_string(s.value("unacked", 0)) + R"html(</span></header>
<main>
<section><h2>Workers</h2><table><thead><tr><th>worker</th><th>status</th><th>active</th><th>processed</th><th>software</th></tr></thead><tbody id="workers">)html" +
         workers + R"html(</tbody></table></section>
<section><h2>Queues</h2><table><thead><tr><th>queue</th><th>waiting</th><th>dead letters</th></tr></thead><tbody id="queues">)html" +
         queues + R"html(</tbody></table></section>
<section class="wide"><h2>Tasks by state <small>(last 500 seen)</small></h2><div id="states">)html" + states +
         R"html(</div></section>
<section class="wide"><h2>Throughput (tasks/s) and mean run time, last 60 s</h2>
<div class="legend"><span style="color:#1a7f37">&#9632; succeeded/s</span><span style="color:#b42318">&#9632; failed/s</span><span style="color:#3056d3">&#9632; received/s</span><span style="color:#8a5a00">&#9632; mean run time (ms, right axis)</span></div>
<svg id="chart" viewBox="0 0 600 180" preserveAspectRatio="none"></svg></section>
<section class="wide"><h2>Recent tasks</h2><table><thead><tr><th>task</th><th>id</th><th>state</th><th>worker</th><th>run time</th><th>result / exception</th></tr></thead><tbody id="recent"></tbody></table></section>
</main>
<script>
"use strict";
function esc(s){return String(s==null?"":s).replace(/[&<>"]/g,c=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));}
function line(points,max,color,h,key){
  if(!points.length)return "";
  let d="";points.forEach((p,i)=>{const v=p[key];if(v==null)return;const x=i*600/(points.length-1);const y=h-(v/max)*(h-10);d+=(d?"L":"M")+x.toFixed(1)+","+y.toFixed(1);});
  return d?'<path d="'+d+'" fill="none" stroke="'+color+'" stroke-width="2"/>':"";
}
function render(s){
  document.getElementById("status").textContent=(s.broker_ok?"broker ok":"broker unreachable")+" \u00b7 unacked: "+s.unacked;
  document.getElementById("workers").innerHTML=s.workers.map(w=>"<tr><td>"+esc(w.hostname)+'</td><td class="'+w.status+'">'+w.status+"</td><td>"+(w.active||0)+"</td><td>"+(w.processed||0)+"</td><td>"+esc(w.sw_ident)+" "+esc(w.sw_ver)+"</td></tr>").join("");
  document.getElementById("queues").innerHTML=s.queues.map(q=>"<tr><td>"+esc(q.name)+"</td><td>"+q.waiting+"</td><td>"+q.dead_letter+"</td></tr>").join("");
  document.getElementById("states").innerHTML=Object.keys(s.tasks_by_state).sort().map(k=>'<span class="pill '+esc(k)+'">'+esc(k)+" "+s.tasks_by_state[k]+"</span>").join("");
  document.getElementById("recent").innerHTML=s.recent.map(t=>"<tr><td>"+esc(t.name)+'</td><td class="mono">'+esc(t.id.slice(0,8))+'</td><td><span class="pill '+esc(t.state)+'">'+esc(t.state)+"</span></td><td>"+esc(t.worker)+"</td><td>"+(t.runtime>=0?(t.runtime*1000).toFixed(1)+" ms":"")+'</td><td class="mono">'+esc(t.detail)+"</td></tr>").join("");
  const r=s.rates;let max=1,maxrt=1;
  r.forEach(p=>{max=Math.max(max,p.received,p.succeeded,p.failed);if(p.runtime!=null)maxrt=Math.max(maxrt,p.runtime*1000);});
  const rt=r.map(p=>({v:p.runtime==null?null:p.runtime*1000}));
  let grid="";for(let i=1;i<4;i++){const y=180-i*(170/4);grid+='<line x1="0" x2="600" y1="'+y+'" y2="'+y+'" stroke="#eee"/>';}
  document.getElementById("chart").innerHTML=grid+line(r,max,"#3056d3",180,"received")+line(r,max,"#1a7f37",180,"succeeded")+line(r,max,"#b42318",180,"failed")+line(rt,maxrt,"#8a5a00",180,"v")+
    '<text x="4" y="14" font-size="11" fill="#555">'+max+'/s</text><text x="596" y="14" font-size="11" fill="#8a5a00" text-anchor="end">'+maxrt.toFixed(1)+' ms</text>';
}
function poll(){fetch("/api/state").then(r=>r.json()).then(render).catch(()=>{});}
// ?poll: fetch every second instead of the event stream (a stream never lets a page go idle,
// which headless browsers that take a screenshot wait for).
if(window.EventSource&&!/[?&]poll/.test(location.search)){const es=new EventSource("/events");es.onmessage=e=>render(JSON.parse(e.data));es.onerror=()=>{};}
else setInterval(poll,1000);
poll();
</script></body></html>
)html";
}

concur::Task<void> serve(concur::net::TcpStream stream, const MonitorModel& model) {
  try {
    std::string request;
    while (request.find("\r\n\r\n") == std::string::npos && request.size() < 16384) {
      std::string chunk = co_await stream.read(4096);
      if (chunk.empty()) co_return;
      request += chunk;
    }
    std::string path = "/";
    if (auto sp = request.find(' '); sp != std::string::npos) {
      auto end = request.find(' ', sp + 1);
      path = request.substr(sp + 1, end - sp - 1);
      path = path.substr(0, path.find('?'));
    }
    auto respond = [](std::string type, const std::string& body, std::string status = "200 OK") {
      return "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body;
    };
    if (path == "/" || path == "/index.html") {
      co_await stream.write(respond("text/html; charset=utf-8", page(model.snapshot())));
    } else if (path == "/api/state") {
      co_await stream.write(respond("application/json", model.snapshot().dump()));
    } else if (path == "/events") {
      co_await stream.write(std::string("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                                        "Connection: keep-alive\r\n\r\nretry: 2000\n\n"));
      for (;;) {
        co_await stream.write("data: " + model.snapshot().dump() + "\n\n");
        co_await concur::sleep(std::chrono::seconds(1));
      }
    } else {
      co_await stream.write(respond("text/plain", "not found\n", "404 Not Found"));
    }
  } catch (const std::exception&) {
    // the browser went away
  }
}

concur::Task<void> server(std::string host, std::uint16_t port, const MonitorModel& model) {
  auto listener = concur::net::TcpListener::bind(host, port);
  std::fprintf(stderr, "concur-queue-monitor: http://%s:%u/\n", host.c_str(), static_cast<unsigned>(listener.port()));
  for (;;) {
    concur::net::TcpStream stream = co_await listener.accept();
    concur::create_task(serve(std::move(stream), model));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string broker = "redis://localhost:6379/0", host = "127.0.0.1";
  int port = 5555;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--broker" && i + 1 < argc) broker = argv[++i];
    else if (arg == "--port" && i + 1 < argc) port = std::stoi(argv[++i]);
    else if (arg == "--host" && i + 1 < argc) host = argv[++i];
    else {
      std::cerr << "usage: concur-queue-monitor --broker redis://host:port/db --port N [--host ADDRESS]\n";
      return 2;
    }
  }
  try {
    MonitorModel model(concur::queue::BrokerUrl::parse(broker));
    concur::run(server(host, static_cast<std::uint16_t>(port), model));
  } catch (const std::exception& e) {
    std::cerr << "concur-queue-monitor: " << e.what() << "\n";
    return 1;
  }
}
