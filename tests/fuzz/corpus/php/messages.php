<?php
// Legacy array() syntax, as older Laravel and Kohana projects use
return array(
	'welcome' => 'Welcome to our application',
	'goodbye' => 'Goodbye, "friend"',
	'nested' => array(
		'one' => 'One',
		'two' => 'Two'
	)
);
