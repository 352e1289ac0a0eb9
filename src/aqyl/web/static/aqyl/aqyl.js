// Ask before destructive actions: any button with data-confirm="question".
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

// Show upload progress on forms marked data-upload-progress (large files over slow links);
// without JavaScript the form posts normally.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-upload-progress") || !window.XMLHttpRequest) { return; }
  var bar = form.querySelector("progress");
  if (!bar) { return; }
  event.preventDefault();
  var request = new XMLHttpRequest();
  request.open(form.method, form.action || window.location.href);
  bar.hidden = false;
  request.upload.addEventListener("progress", function (e) {
    if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
  });
  request.addEventListener("load", function () {
    if (request.responseURL && request.responseURL !== window.location.href) {
      window.location.assign(request.responseURL);
    } else {
      document.open(); document.write(request.responseText); document.close();
    }
  });
  request.send(new FormData(form));
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
});
