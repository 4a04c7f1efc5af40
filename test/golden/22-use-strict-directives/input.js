'use strict';
"another directive";

function sloppyLooking(a, b) {
  'use strict';
  return this === undefined ? a : b;
}

const asArrow = () => {
  'use strict';
  return 1;
};

module.exports = { sloppyLooking, asArrow };
