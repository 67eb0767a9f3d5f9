// A Norwegian national identity number (fødselsnummer or D-number) in a note:
// the same rule as the server's (ipsfidelity/privacy.py), so that the rating page
// refuses such a note before it is kept on the device or sent. Both are tested
// against the same texts (tests/identity_numbers.json).
(function () {
  "use strict";
  var FIRST = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  var SECOND = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

  function control(digits, weights) {
    var sum = 0;
    for (var i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i];
    var remainder = 11 - (sum % 11);
    if (remainder === 11) return 0;
    return remainder === 10 ? -1 : remainder; // 10: no valid number has it
  }

  function isIdentityNumber(digits) {
    var day = Number(digits.slice(0, 2)), month = Number(digits.slice(2, 4));
    if (day > 40) day -= 40; // D-number
    if (month > 40) month -= 40; // H-number
    if (day < 1 || day > 31 || month < 1 || month > 12) return false;
    return control(digits, FIRST) === Number(digits[9]) && control(digits, SECOND) === Number(digits[10]);
  }

  // Groups of digits joined by spaces, dots or dashes; any run of whole groups
  // that adds up to eleven digits is a candidate.
  window.containsIdentityNumber = (text) => {
    var runs = String(text).match(/[0-9]+(?:[\s.\-]+[0-9]+)*/g) || [];
    return runs.some((run) => {
      var groups = run.split(/[\s.\-]+/);
      return groups.some((_group, start) => {
        var digits = "";
        for (var i = start; i < groups.length && digits.length < 11; i++) digits += groups[i];
        return digits.length === 11 && isIdentityNumber(digits);
      });
    });
  };
})();
