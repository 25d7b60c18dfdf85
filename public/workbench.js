// While an item page is open and visible, tell the server once a minute, so
// that time spent looking at reported material counts toward the analyst's day.
const heartbeat = document.querySelector('[data-exposure-heartbeat]');
const csrf = document.querySelector('meta[name="csrf-token"]');
if (heartbeat && csrf) {
  setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    fetch(heartbeat.getAttribute('data-exposure-heartbeat'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf.getAttribute('content') }),
      credentials: 'same-origin',
    }).catch(() => {});
  }, 60_000);
}
