(function () {
  var cols = document.querySelectorAll('.col');
  if (cols.length !== 2) return;
  var busy = false;
  function sync(from, to) {
    if (busy) { busy = false; return; }
    var max = from.scrollHeight - from.clientHeight;
    var ratio = max > 0 ? from.scrollTop / max : 0;
    busy = true;
    to.scrollTop = ratio * (to.scrollHeight - to.clientHeight);
  }
  cols[0].addEventListener('scroll', function () { sync(cols[0], cols[1]); });
  cols[1].addEventListener('scroll', function () { sync(cols[1], cols[0]); });
  document.querySelectorAll('[data-passage]').forEach(function (el) {
    el.addEventListener('click', function () {
      var other = document.querySelector('.col:not([data-side="' + el.closest('.col').dataset.side +
        '"]) [data-passage="' + el.dataset.passage + '"]');
      if (other) { busy = true; other.scrollIntoView({block: 'center'}); }
    });
  });
})();
