// OAuth 2.0 Form Post Response Mode: send the response to the client at once. Without JavaScript the
// page's button does the same.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("gh-form-post");
  if (form) {
    form.submit();
  }
});
