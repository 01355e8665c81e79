// OAuth 2.0 Form Post Response Mode: send the response to the client at once. Without JavaScript the
// page's button does the same.
(function () {
  var form = document.forms[0];
  if (form) {
    // called through the prototype: a field named "submit" would hide the form's own method
    HTMLFormElement.prototype.submit.call(form);
  }
})();
